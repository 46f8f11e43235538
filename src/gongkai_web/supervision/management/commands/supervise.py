"""`supervise collect|check|compile`: a supervisor's work on a region's annual reports."""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from gongkai_web.agencies.models import Agency
from gongkai_web.supervision import services
from gongkai_web.supervision.models import Supervisor
from gongkai_web.supervision.services import SupervisionError


class Command(BaseCommand):
    help = "Collect, check and compile the annual reports of a region (督查)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        collect = sub.add_parser(
            "collect",
            help="read and keep the reports listed in a manifest CSV "
            "(agency_code,path_or_url,published_on)",
        )
        collect.add_argument("manifest")
        check = sub.add_parser("check", help="the findings on a region's reports")
        compile_ = sub.add_parser("compile", help="the region's aggregate report")
        for command in (check, compile_):
            command.add_argument("--region", required=True, help="agency code")
            command.add_argument("--year", required=True, type=int)
        check.add_argument("--json", action="store_true", help="a JSON list")
        check.add_argument("--lang", choices=["zh", "en"], default="zh")
        compile_.add_argument("-o", "--output", help="write the JSON here")
        add = sub.add_parser(
            "add-supervisor",
            help="make a user a supervisor (督查) of a node: sees the reports below it",
        )
        add.add_argument("--region", required=True, help="agency code of the node")
        add.add_argument("--username", required=True)
        add.add_argument("--password", help="set this password (default: a new one)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, "_" + options["subcommand"].replace("-", "_"))(options)
        except SupervisionError as exc:
            raise CommandError(str(exc)) from None

    def _add_supervisor(self, options: dict[str, Any]) -> None:
        node = Agency.objects.filter(code=options["region"]).first()
        if node is None:
            raise CommandError(f"no agency with code {options['region']!r}")
        with transaction.atomic():
            user, created = get_user_model().objects.get_or_create(
                username=options["username"]
            )
            password = options["password"] or (
                secrets.token_urlsafe(9) if created else None
            )
            if password:
                user.set_password(password)
                user.save()
            Supervisor.objects.get_or_create(user=user, node=node)
        self.stdout.write(f"{user.username}: 督查 @ {node.code}")
        if password and not options["password"]:
            self.stdout.write(f"password: {password}")

    def _collect(self, options: dict[str, Any]) -> None:
        rows = services.collect_manifest(Path(options["manifest"]))
        for row in rows:
            self.stdout.write(
                f"{row.agency.code}\t{row.year}\t{row.source}\t{row.sha256[:12]}"
            )
        self.stdout.write(f"{len(rows)} reports collected")

    def _check(self, options: dict[str, Any]) -> None:
        findings = services.check(options["region"], options["year"])
        if options["json"]:
            data = [f.to_dict(options["lang"]) for f in findings]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
            return
        for f in findings:
            self.stdout.write(
                f"{f.agency}\t{f.year}\t{f.severity.value}\t{f.rule}\t{f.path or ''}\t"
                f"{f.message(options['lang'])}"
            )

    def _compile(self, options: dict[str, Any]) -> None:
        compiled = services.compile_year(options["region"], options["year"])
        text = json.dumps(compiled.to_data(), ensure_ascii=False, indent=1)
        if options["output"]:
            Path(options["output"]).write_text(text + "\n", encoding="utf-8")
            self.stdout.write(compiled.note("en"))
        else:
            self.stdout.write(text)
