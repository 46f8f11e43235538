"""`agency create|add-user|list`: agencies and the people who work in them."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from gongkai_web.agencies.hierarchy import (
    HierarchyFileError,
    export_hierarchy,
    import_hierarchy,
)
from gongkai_web.agencies.models import Agency, Membership, Role


class Command(BaseCommand):
    help = "Create agencies and give users roles in them."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        create = sub.add_parser("create", help="create an agency (or rename it)")
        create.add_argument("--code", required=True, help="short code, e.g. demo")
        create.add_argument("--name", required=True, help="机关名称")
        add_user = sub.add_parser("add-user", help="give a user a role in an agency")
        add_user.add_argument("--code", required=True)
        add_user.add_argument("--username", required=True)
        add_user.add_argument("--role", required=True, choices=[r.value for r in Role])
        add_user.add_argument(
            "--password", help="set this password (default: a new one, printed)"
        )
        sub.add_parser("list", help="list agencies")
        load = sub.add_parser(
            "import",
            help="import the hierarchy: CSV/XLSX with code,name,parent_code,level,"
            "division_code (all-or-nothing, idempotent)",
        )
        load.add_argument("file")
        dump = sub.add_parser("export", help="export the hierarchy as CSV or XLSX")
        dump.add_argument("-o", "--output", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "_" + options["subcommand"].replace("-", "_"))(options)

    def _create(self, options: dict[str, Any]) -> None:
        agency = Agency.objects.filter(code=options["code"]).first() or Agency(
            code=options["code"]
        )
        agency.name = options["name"].strip()
        try:
            agency.full_clean()
        except ValidationError as exc:
            problems = "; ".join(
                f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items()
            )
            raise CommandError(f"agency {options['code']!r}: {problems}") from None
        created = agency.pk is None
        agency.save()
        self.stdout.write(
            f"{'created' if created else 'updated'} agency {agency.code}: {agency.name}"
        )

    def _add_user(self, options: dict[str, Any]) -> None:
        agency = Agency.objects.filter(code=options["code"]).first()
        if agency is None:
            raise CommandError(
                f"no agency with code {options['code']!r} (gongkai agency create)"
            )
        users = get_user_model()
        with transaction.atomic():
            user, created = users.objects.get_or_create(username=options["username"])
            password = options["password"] or (
                secrets.token_urlsafe(9) if created else None
            )
            if password:
                try:
                    validate_password(password, user)
                except ValidationError as exc:
                    raise CommandError(
                        f"密码不符合要求：{' '.join(exc.messages)} "
                        f"(password refused by the password rules)"
                    ) from None
                user.set_password(password)
                user.save()
            Membership.objects.get_or_create(
                user=user, agency=agency, role=options["role"]
            )
        self.stdout.write(
            f"{user.username}: {Role(options['role']).label} @ {agency.code}"
        )
        if password and not options["password"]:
            self.stdout.write(f"password: {password}")

    def _import(self, options: dict[str, Any]) -> None:
        try:
            created, updated = import_hierarchy(Path(options["file"]))
        except HierarchyFileError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{created} agencies created, {updated} updated")

    def _export(self, options: dict[str, Any]) -> None:
        count = export_hierarchy(Path(options["output"]))
        self.stdout.write(f"{count} agencies written to {options['output']}")

    def _list(self, options: dict[str, Any]) -> None:
        for agency in Agency.objects.order_by("code"):
            self.stdout.write(f"{agency.code}\t{agency.name}")
