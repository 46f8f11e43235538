"""Gongkai's back office and public portal: the Django layer over the `gongkai` core.

Apps are named for the noun they hold and stacked in layers; an app imports only apps
in the layers below it, never one beside or above it (so no two apps import each
other). `tests/gongkai_web/test_app_order.py` reads every module and template of every
app and fails on a reference that breaks the order.

    agencies, operations   agencies, memberships and roles, the entered working-
                           calendar years; running the installation (gunicorn
                           serving, /healthz, request logs, backup and restore of
                           the whole database and file storage, whatever it holds)
    audit, jobs            the append-only log of who did and who saw what (an entry
                           names its agency); background jobs (state, retries,
                           progress; Celery or in-process), the apps above
                           registering their kinds
    accounts, outbox       staff accounts in the product: an agency's users and
                           roles, passwords, the system administrator, the audit
                           log's pages and export; every notice a row first, written
                           with its event, then sent (e-mail, SMS) exactly as
                           recorded; notice templates
    applications           disclosure applications: workflow, deadlines and the
                           dashboard, entering a calendar year (it replays the cases),
                           ledger import/export, section 三 statistics, reply letters
    catalog, litigation,   the proactive-disclosure catalog (section 二); the
    notifications          administrative review and litigation register (section
                           四); staff notifications (daily digest, failed messages,
                           notice templates, each user's digest setting)
    annual                 the annual report: draft from the apps below, approve,
                           publish versions and their files
    portal, supervision    the public site: disclosure guide, catalog, reports,
                           online applications and their status; supervision (督查):
                           reports collected from a region's agencies, checked and
                           compiled
    api, demo              the public API (/api/v1/, OpenAPI 3: read endpoints, API
                           tokens, submissions on behalf of applicants); the demo
                           agency, users, cases and records (`gongkai demo`)

Modules beside the apps serve all of them and import none: `language` (the
request's language, English labels of the core's ids), `pages` (the refused page),
`inputs` (form inputs and query parameters shared by several apps), `downloads`
(tables as CSV or XLSX downloads); `settings`,
`urls` and `wsgi` wire the apps together.
"""

from __future__ import annotations

# The order above as data, bottom first; read by the order test.
APP_LAYERS: tuple[tuple[str, ...], ...] = (
    ("agencies", "operations"),
    ("audit", "jobs"),
    ("accounts", "outbox"),
    ("applications",),
    ("catalog", "litigation", "notifications"),
    ("annual",),
    ("portal", "supervision"),
    ("api", "demo"),
)
