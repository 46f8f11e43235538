"""`supervise collect|check|compile|notice`: a supervisor's work on a region's reports.

`collect MANIFEST.csv` reads every row of the manifest at once, all or nothing.
`collect --region C --year Y [--published] [FILE_OR_ZIP…] [--manifest M.csv]` is the
upload page's collection (`start_collection`): run here without a broker, queued with
GONGKAI_BROKER_URL; it prints what was collected and every file it could not read
(exit 1 when there is one), and bad input refuses the whole collection (exit 2).

`compile -o OUT` writes the aggregate in the format its suffix names (.json .html .md
.docx .xlsx .pdf); `check --xlsx OUT.xlsx` writes the findings as a workbook;
`notice -o OUT.docx` writes the DOCX draft of the 通报.
"""

from __future__ import annotations

import json
import logging
import secrets
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from gongkai.errors import GongkaiError
from gongkai.render.files import write_atomically
from gongkai.supervision import JumpThreshold
from gongkai.supervision.exports import COMPILATION_FORMATS, render_compilation
from gongkai_web.agencies.models import Agency
from gongkai_web.jobs.models import OPEN_STATES
from gongkai_web.supervision import services
from gongkai_web.supervision.collection import (
    collected_rows,
    collection_status,
    start_collection,
)
from gongkai_web.supervision.models import CollectedReport, Supervisor


class Command(BaseCommand):
    help = "Collect, check and compile the annual reports of a region (督查)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        collect = sub.add_parser(
            "collect",
            help="read and keep the reports listed in a manifest CSV "
            "(agency_code,path_or_url,published_on); or, with --region and --year, "
            "collect a region's year from files, ZIPs, a manifest and the versions "
            "published in Gongkai as the upload page does",
        )
        collect.add_argument(
            "inputs",
            nargs="*",
            metavar="FILE",
            help="MANIFEST.csv alone; with --region: report files and ZIPs, each "
            "named after its agency's code (or with a manifest CSV among them)",
        )
        collect.add_argument("--region", help="agency code of the region")
        collect.add_argument("--year", type=int, help="the year to collect")
        collect.add_argument(
            "--published",
            action="store_true",
            help="also each agency's latest version published in Gongkai",
        )
        collect.add_argument(
            "--manifest",
            help="a manifest CSV on disk: paths relative to its folder, or URLs",
        )
        check = sub.add_parser("check", help="the findings on a region's reports")
        compile_ = sub.add_parser("compile", help="the region's aggregate report")
        notice = sub.add_parser("notice", help="the DOCX draft of the 通报")
        for command in (check, compile_, notice):
            command.add_argument("--region", required=True, help="agency code")
            command.add_argument("--year", required=True, type=int)
        check.add_argument("--json", action="store_true", help="a JSON list")
        check.add_argument("--lang", choices=["zh", "en"], default="zh")
        check.add_argument("--xlsx", help="also write the findings to this .xlsx")
        check.add_argument(
            "--jump-ratio",
            default="5",
            help="anomaly.yoy_jump: a change by this factor or more (default 5)",
        )
        check.add_argument(
            "--jump-minimum",
            type=int,
            default=30,
            help="anomaly.yoy_jump: only when the larger value is at least this",
        )
        compile_.add_argument(
            "-o",
            "--output",
            help="write the aggregate here, in the format of the suffix "
            f"({', '.join('.' + f for f in COMPILATION_FORMATS)})",
        )
        notice.add_argument("-o", "--output", required=True, help="the .docx to write")
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
        except GongkaiError as exc:  # SupervisionError, InvalidInput, no LibreOffice
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
        inputs: list[str] = options["inputs"]
        region, year = options["region"], options["year"]
        if region is None and year is None:
            if options["published"] or options["manifest"] is not None:
                raise CommandError(
                    "--published and --manifest need --region and --year"
                )
            if len(inputs) != 1:
                raise CommandError(
                    "give one MANIFEST.csv, or --region CODE --year Y with files, "
                    "ZIPs, --manifest M.csv or --published"
                )
            rows = services.collect_manifest(Path(inputs[0]))
            self._listed(rows)
            self.stdout.write(f"{len(rows)} reports collected")
            return
        if region is None or year is None:
            raise CommandError("--region and --year go together")
        self._collect_region(region, year, inputs, options)

    def _collect_region(
        self, region: str, year: int, inputs: list[str], options: dict[str, Any]
    ) -> None:
        files: list[tuple[str, bytes]] = []
        problems: list[str] = []
        for name in inputs:
            try:
                files.append((name, Path(name).read_bytes()))
            except OSError as exc:
                problems.append(f"{name}: cannot read the file ({exc.strerror})")
        if problems:
            raise services.SupervisionError(problems)
        manifest = options["manifest"]
        jobs_log = logging.getLogger("gongkai.jobs")
        level = jobs_log.level
        jobs_log.setLevel(max(level, logging.WARNING))  # no "job N: done" lines here
        try:
            job = start_collection(
                region,
                year,
                files,
                manifest=Path(manifest) if manifest is not None else None,
                published=options["published"],
            )
        finally:
            jobs_log.setLevel(level)
        if job.state in OPEN_STATES:  # a worker reads the files
            total = int(job.arguments["total"])
            self.stdout.write(
                f"collection job {job.pk} queued ({total} file{'s' * (total != 1)}); "
                f"its progress: /s/collection/{job.pk}/"
            )
            return
        status = collection_status(job)
        rows = collected_rows(job)
        self._listed(rows)
        self.stdout.write(
            f"{len(rows)} reports collected from {status['done']} of "
            f"{status['total']} files"
        )
        for problem in status["problems"]:
            self.stderr.write(f"error: {problem}")
        if status["problems"]:
            raise SystemExit(1)

    def _listed(self, rows: list[CollectedReport]) -> None:
        for row in rows:
            self.stdout.write(
                f"{row.agency.code}\t{row.year}\t{row.source}\t{row.sha256[:12]}"
            )

    def _check(self, options: dict[str, Any]) -> None:
        try:
            ratio = Decimal(options["jump_ratio"])
        except InvalidOperation:
            ratio = Decimal(0)
        if not ratio > 1 or options["jump_minimum"] < 0:
            raise CommandError(
                f"--jump-ratio {options['jump_ratio']!r} must be a number above 1 "
                "and --jump-minimum at least 0"
            )
        jump = JumpThreshold(ratio, options["jump_minimum"])
        xlsx = options["xlsx"]
        if xlsx is not None:
            _expect_suffix(xlsx, ".xlsx", "--xlsx")
        findings = services.check(options["region"], options["year"], jump=jump)
        if xlsx is not None:
            _write(Path(xlsx), services.findings_workbook(findings))
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
        output = options["output"]
        to = Path(output).suffix.lower().lstrip(".") if output else "json"
        if output and to not in COMPILATION_FORMATS:
            known = ", ".join("." + f for f in COMPILATION_FORMATS)
            raise CommandError(
                f"{output}: cannot tell the format from the suffix; use one of {known}"
            )
        compiled = services.compile_year(options["region"], options["year"])
        data = render_compilation(compiled, to)
        if output:
            _write(Path(output), data)
            self.stdout.write(compiled.note("en"))
        else:
            self.stdout.write(data.decode("utf-8").rstrip("\n"))

    def _notice(self, options: dict[str, Any]) -> None:
        _expect_suffix(options["output"], ".docx", "-o")
        data = services.notice(options["region"], options["year"])
        _write(Path(options["output"]), data)
        self.stdout.write(f"{options['output']}: 通报 draft written")


def _expect_suffix(path: str, suffix: str, option: str) -> None:
    if Path(path).suffix.lower() != suffix:
        raise CommandError(f"{option} {path}: the file must end in {suffix}")


def _write(path: Path, data: bytes) -> None:
    try:
        write_atomically(path, data)
    except OSError as exc:
        raise CommandError(f"{path}: cannot write ({exc.strerror})") from None
