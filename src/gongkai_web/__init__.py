"""Gongkai's back office: the Django layer over the `gongkai` core.

Apps are named for the noun they hold: `agencies` (agencies, memberships and roles,
working-calendar overrides), `applications` (disclosure applications, their workflow,
ledger import/export, section 三 statistics, reply letters) and `audit` (the append-only
log of who did and who saw what).
"""
