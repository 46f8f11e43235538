"""`token create|revoke|list`: API tokens of named clients (the token is shown once)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.errors import ActionRefused
from gongkai_web.agencies.models import Agency
from gongkai_web.api import tokens
from gongkai_web.api.models import ApiToken, Scope


class Command(BaseCommand):
    help = "Issue, list and revoke API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        create = sub.add_parser(
            "create", help="issue a token; prints it alone on the last line"
        )
        create.add_argument("--client", required=True, help="the client's name")
        create.add_argument("--agency", required=True, help="agency code")
        create.add_argument(
            "--scope", required=True, nargs="+", choices=Scope.values, dest="scopes"
        )
        revoke = sub.add_parser("revoke", help="revoke a token")
        revoke.add_argument("token", help="the token, or its id from `token list`")
        sub.add_parser("list", help="list tokens (id, prefix, client, agency, scopes)")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "_" + options["subcommand"])(options)

    def _create(self, options: dict[str, Any]) -> None:
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            raise CommandError(
                f"no agency with code {options['agency']!r} (gongkai agency create)"
            )
        try:
            issued = tokens.create(agency, options["client"], options["scopes"])
        except ActionRefused as exc:
            raise CommandError(str(exc)) from None
        token = issued.token
        self.stdout.write(
            f"token {token.pk} for {token.client} @ {agency.code}: "
            f"{' '.join(token.scopes)} (shown once; only its SHA-256 is kept)"
        )
        self.stdout.write(issued.secret)

    def _revoke(self, options: dict[str, Any]) -> None:
        given = options["token"].strip()
        found = (
            ApiToken.objects.filter(pk=int(given)).first()
            if given.isdigit()
            else ApiToken.objects.filter(digest=tokens.digest(given)).first()
        )
        if found is None:
            raise CommandError("no such token")
        tokens.revoke(found)
        self.stdout.write(f"revoked token {found.pk} ({found.client})")

    def _list(self, options: dict[str, Any]) -> None:
        for token in ApiToken.objects.select_related("agency").order_by("pk"):
            state = "revoked" if token.revoked_at else "active"
            used = token.last_used_at.isoformat() if token.last_used_at else "-"
            self.stdout.write(
                f"{token.pk}\t{token.prefix}…\t{token.client}\t{token.agency.code}\t"
                f"{' '.join(token.scopes)}\t{state}\tlast used {used}"
            )
