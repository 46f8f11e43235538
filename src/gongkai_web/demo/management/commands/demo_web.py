"""`demo-web`: migrate, a demo agency, one demo user per role, and a few demo cases.

Passwords are generated and printed once, when the users are created; run with
`--reset-passwords` to print new ones. Demo cases are added only to an agency that has
none, dated relative to today so that the dashboard shows every urgency.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from gongkai import demo_records
from gongkai.errors import GongkaiError
from gongkai.vocabulary import ApplicantType, Channel, Outcome
from gongkai.workflow import Action
from gongkai_web.agencies.models import Agency, Membership, Role
from gongkai_web.applications import services
from gongkai_web.applications.models import Application

DEMO_CODE = "demo"
DEMO_NAME = demo_records.AGENCY_NAME
# What the letters print: the 文号's 代字 and where the applicant may seek a remedy.
DEMO_LETTER_SETTINGS = {
    "document_prefix": "示政公开",
    "reconsideration_body": "示范市人民政府",
    "court": "示范市示范区人民法院",
}
DEMO_USERS = {
    Role.AGENCY_ADMIN: "demo-admin",
    Role.REGISTRAR: "demo-registrar",
    Role.HANDLER: "demo-handler",
    Role.APPROVER: "demo-approver",
    Role.AUDITOR: "demo-auditor",
}
# The system administrator of the installation (calendar years, every agency's users
# and audit log); in no agency.
DEMO_SYSADMIN = "demo-sysadmin"


class Command(BaseCommand):
    help = "Create the demo agency, demo users (one per role) and demo cases."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="give the demo users new passwords and print them",
        )
        parser.add_argument(
            "--no-migrate", action="store_true", help="do not run migrate first"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        agency, _created = Agency.objects.get_or_create(
            code=DEMO_CODE, defaults={"name": DEMO_NAME, **DEMO_LETTER_SETTINGS}
        )
        # `gongkai demo` creates the agency first (its records); without these no
        # reply could be issued in `make run`. An administrator's own values stay.
        unset = {
            k: v for k, v in DEMO_LETTER_SETTINGS.items() if not getattr(agency, k)
        }
        if unset:
            Agency.objects.filter(pk=agency.pk).update(**unset)
            agency.refresh_from_db()
        self._users(agency, options["reset_passwords"])
        if Application.objects.filter(agency=agency).exists():
            self.stdout.write(
                f"demo agency {agency.code} already has cases; none added"
            )
        else:
            self._cases(agency)

    def _users(self, agency: Agency, reset: bool) -> None:
        users = get_user_model()
        printed: list[tuple[str, str, str]] = []
        with transaction.atomic():
            for role, username in DEMO_USERS.items():
                user, created = users.objects.get_or_create(username=username)
                if created or reset:
                    password = secrets.token_urlsafe(9)
                    user.set_password(password)
                    user.save()
                    printed.append((str(role.label), username, password))
                Membership.objects.get_or_create(user=user, agency=agency, role=role)
            admin, created = users.objects.get_or_create(
                username=DEMO_SYSADMIN,
                defaults={"is_superuser": True, "is_staff": True},
            )
            if created or reset:
                password = secrets.token_urlsafe(9)
                admin.set_password(password)
                admin.save()
                printed.append(("系统管理员", DEMO_SYSADMIN, password))
        if printed:
            self.stdout.write("演示账号（只显示这一次）/ demo accounts (shown once):")
            for title, username, password in printed:
                self.stdout.write(f"  {title:<12} {username:<16} {password}")
        else:
            self.stdout.write(
                "demo accounts exist: "
                + ", ".join([*DEMO_USERS.values(), DEMO_SYSADMIN])
                + " (passwords were printed when they were created; "
                "`gongkai demo-web --reset-passwords` prints new ones)"
            )

    def _cases(self, agency: Agency) -> None:
        today = timezone.localdate()
        users = {
            role: get_user_model().objects.get(username=username)
            for role, username in DEMO_USERS.items()
        }
        made = 0
        for plan in DEMO_CASES:
            try:
                _add_case(agency, users, plan, today)
            except GongkaiError as exc:
                self.stderr.write(f"demo case {plan.name}: {exc}")
                continue
            made += 1
        self.stdout.write(f"demo agency {agency.code}: {made} demo cases")


@dataclass(frozen=True)
class DemoCase:
    """A demo application received `days_ago`, and the one event that followed it."""

    days_ago: int
    kind: ApplicantType
    name: str
    content: str
    then: Action | None = None
    then_days_ago: int = 0
    by: Role = Role.HANDLER
    outcome: Outcome | None = None
    party: str = ""
    note: str = ""


T = ApplicantType
# Dated relative to today, so the dashboard shows every urgency: overdue, near, paused.
DEMO_CASES = (
    DemoCase(45, T.NATURAL_PERSON, "张某某", "某小区改造项目的立项批复文件"),
    DemoCase(26, T.COMMERCIAL, "某某科技有限公司", "2023年度产业扶持资金分配结果"),
    DemoCase(3, T.NATURAL_PERSON, "李某", "某路段拓宽工程的征收补偿方案"),
    DemoCase(
        60,
        T.LEGAL_SERVICE,
        "某某律师事务所",
        "某行政处罚决定书",
        Action.REPLY,
        40,
        outcome=Outcome.GRANTED,
    ),
    DemoCase(
        70,
        T.NATURAL_PERSON,
        "王某某",
        "他人的个人房产登记信息",
        Action.REPLY,
        50,
        Role.APPROVER,
        Outcome.DENIED_THIRD_PARTY,
        note="所申请的房产登记信息属于他人的个人隐私，权利人不同意公开，"
        "且不公开不会对公共利益造成重大影响",
    ),
    DemoCase(5, T.NATURAL_PERSON, "赵某", "“那个文件”", Action.ASK_CORRECTION, 3),
    DemoCase(
        20,
        T.RESEARCH,
        "某某大学公共管理学院",
        "本市近三年政府信息公开申请办理情况统计",
        Action.START_CONSULTATION,
        10,
        party="市统计局",
    ),
    DemoCase(
        30,
        T.SOCIAL_WELFARE,
        "某某环保公益中心",
        "某企业排污许可执行报告",
        Action.EXTEND,
        20,
        Role.APPROVER,
        note="需调取档案",
    ),
)


def _add_case(
    agency: Agency, users: dict[Role, Any], plan: DemoCase, today: date
) -> None:
    new = services.NewApplication(
        channel=Channel.ONLINE,
        received=today - timedelta(days=plan.days_ago),
        applicant_type=plan.kind,
        applicant_name=plan.name,
        content=plan.content,
        id_document="110101199001011234",
        phone="13800001234",
        email="demo@example.com",
        address="示范市示范路1号",
    )
    pk = services.register(agency, users[Role.REGISTRAR], new).pk
    user, on = users[plan.by], today - timedelta(days=plan.then_days_ago)
    if plan.then is Action.REPLY and plan.outcome is not None:
        services.reply(pk, user, on, outcome=plan.outcome, note=plan.note)
    elif plan.then is Action.ASK_CORRECTION:
        services.ask_correction(pk, user, on)
    elif plan.then is Action.START_CONSULTATION:
        services.start_consultation(pk, user, on, party=plan.party)
    elif plan.then is Action.EXTEND:
        services.extend(pk, user, on, note=plan.note)
