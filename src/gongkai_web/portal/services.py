"""Portal services: submitting an application, looking up its status, the guide.

A portal submission is registered by the applications app's `register` service, like
any application, as received online on the day the receipt is issued (条例第三十一条:
for the internet channel the day both sides confirm; the receipt is the agency's
confirmation). The service acts as the system user `PORTAL_USERNAME`, a registrar of
the agency who cannot log in, so the case's first event and the audit log say the
portal registered it. `submit` and `follow` claim their use from `portal.throttle` in
the same transaction as the work, so concurrent requests cannot slip past it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, fields
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from gongkai.errors import ActionRefused
from gongkai_web.agencies.access import Account, User, actor_of, roles_in
from gongkai_web.agencies.models import Agency, Membership, Role
from gongkai_web.applications.models import Application
from gongkai_web.applications.services import NewApplication, register
from gongkai_web.audit.models import AuditAction
from gongkai_web.audit.services import record
from gongkai_web.portal import throttle
from gongkai_web.portal.models import DisclosureGuide, PortalSubmission

PORTAL_USERNAME = "gongkai-portal"
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read from paper
CODE_LENGTH = 8  # 31**8 ≈ 8.5e11 codes; failed lookups are throttled
GUIDE_ROLES = frozenset({Role.AGENCY_ADMIN})
# Who may issue or reissue an applicant's verification code: those who see the case's
# applicant anyway (issue 10: a code for every channel, reissued by staff).
CODE_ROLES = frozenset({Role.AGENCY_ADMIN, Role.REGISTRAR, Role.HANDLER})


@dataclass(frozen=True)
class Receipt:
    """What the applicant is given: the case and its verification code (shown once)."""

    application: Application
    code: str

    @property
    def shown_code(self) -> str:
        return f"{self.code[:4]}-{self.code[4:]}"


def normalize_code(text: str) -> str:
    """Return a typed code as stored: upper case, without spaces and dashes."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def _digest(pk: int, code: str) -> str:
    return salted_hmac("gongkai.portal.code", f"{pk}:{code}").hexdigest()


def portal_user(agency: Agency) -> Account:
    """Return the system user that registers portal submissions, a registrar here."""
    users = get_user_model()
    user, created = users.objects.get_or_create(
        username=PORTAL_USERNAME, defaults={"is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save()
    Membership.objects.get_or_create(user=user, agency=agency, role=Role.REGISTRAR)
    return user


def _form_digest(form_token: str) -> str:
    return (
        salted_hmac("gongkai.portal.form", form_token).hexdigest() if form_token else ""
    )


def _resend(agency: Agency, form_digest: str) -> Receipt | None:
    """The receipt of a form already submitted, with a new code (the first answer was
    lost, or the applicant would not be sending it again); None for a new form."""
    if not form_digest:
        return None
    with transaction.atomic():
        found = (
            PortalSubmission.objects.select_for_update()
            .select_related("application")
            .filter(application__agency=agency, form_digest=form_digest)
            .first()
        )
        if found is None:
            return None
        code = new_code()
        found.code_digest = _digest(found.application.pk, code)
        found.save(update_fields=["code_digest"])
    return Receipt(found.application, code)


def new_code() -> str:
    """Return a new verification code."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def submit(
    agency: Agency,
    new: NewApplication,
    *,
    today: date,
    client: throttle.Client | None = None,
    now: datetime | None = None,
    form_token: str = "",
) -> Receipt:
    """Register an application made on the portal and return its receipt.

    With a `client`, the submission is first claimed from the throttle in the same
    transaction, so two concurrent submissions of one client cannot both pass.

    The same form (`form_token`, its signed start) sent again gives the receipt of
    its first sending, with a new code — the applicant sees only the last answer, so
    the code on it must work; nothing is registered twice.

    Raises:
        Throttled: the client submitted too recently or too often.
        ActionRefused: empty name or content (the form checks them first).
        CalendarDataMissing: when the due date needs a year nobody has entered.
    """
    form_digest = _form_digest(form_token)
    again = _resend(agency, form_digest)
    if again is not None:
        return again
    code = new_code()
    try:
        with transaction.atomic():
            if client is not None:
                throttle.claim_submit(client, now or timezone.now())
            application = register(agency, portal_user(agency), new, today=today)
            PortalSubmission.objects.create(
                application=application,
                code_digest=_digest(application.pk, code),
                client_digest=client.address if client is not None else "",
                form_digest=form_digest,
            )
    except (throttle.Throttled, IntegrityError):
        # The same form, sent while its first sending was being registered.
        again = _resend(agency, form_digest)
        if again is None:
            raise
        return again
    return Receipt(application, code)


def issue_code(application: Application, user: User) -> Receipt:
    """Give a case of any channel a new verification code (the old one stops working).

    For a postal or in-person application, or an applicant who lost the code: the
    code is shown once to the staff member, on a receipt to print or post; the audit
    log records who issued it (never the code).

    Raises:
        ActionRefused: for a role that may not issue codes.
    """
    if not roles_in(user, application.agency) & CODE_ROLES:
        raise ActionRefused(
            "您的岗位不能生成查询码 (your role may not issue verification codes)"
        )
    code = new_code()
    with transaction.atomic():
        submission, created = (
            PortalSubmission.objects.select_for_update().get_or_create(
                application=application,
                defaults={"code_digest": _digest(application.pk, code)},
            )
        )
        if not created:
            submission.code_digest = _digest(application.pk, code)
            submission.save(update_fields=["code_digest"])
        record(
            user,
            AuditAction.CODE_REISSUE,
            agency=application.agency,
            target=application,
            summary=f"{'生成' if created else '重新生成'}查询码 "
            f"{application.tracking_number}",
            data={"first": created},
        )
    return Receipt(application, code)


def lookup(agency: Agency, tracking_number: str, code: str) -> Application | None:
    """Return the portal application with this number and code, else None.

    An unknown number, an application not made on the portal and a wrong code all
    give None after the same work (one HMAC and one comparison).
    """
    found = (
        PortalSubmission.objects.select_related("application")
        .filter(
            application__agency=agency,
            application__tracking_number=tracking_number.strip(),
        )
        .first()
    )
    pk = found.application.pk if found is not None else 0
    stored = found.code_digest if found is not None else "0" * 64
    matches = constant_time_compare(_digest(pk, normalize_code(code)), stored)
    return found.application if found is not None and matches else None


def follow(
    agency: Agency,
    tracking_number: str,
    code: str,
    *,
    client: throttle.Client,
    now: datetime,
) -> Application | None:
    """Look a portal application up for the status page, throttled per client.

    The lookup takes one of the client's lookup slots first and gives it back when it
    finds the case, in one transaction, so only failed lookups stay counted.

    Raises:
        Throttled: the client failed too many lookups lately.
    """
    with transaction.atomic():
        throttle.claim_lookup(client, now)
        found = lookup(agency, tracking_number, code)
        if found is not None:
            throttle.release_lookup(client)
    return found


@dataclass(frozen=True)
class GuideData:
    classification: str
    arrangement: str
    how_to_obtain: str
    office_name: str
    office_address: str
    office_hours: str
    phone: str
    application_procedure: str = ""
    postcode: str = ""
    fax: str = ""
    email: str = ""
    website: str = ""


def save_guide(agency: Agency, user: User | None, data: GuideData) -> DisclosureGuide:
    """Store the agency's guide (agency administrator; `user=None` is the command line)."""
    if user is not None and not roles_in(user, agency) & GUIDE_ROLES:
        raise ActionRefused(
            "只有机关管理员可以修改公开指南 (only the agency admin edits the guide)"
        )
    values = {f.name: getattr(data, f.name).strip() for f in fields(GuideData)}
    with transaction.atomic():
        guide, _created = DisclosureGuide.objects.update_or_create(
            agency=agency,
            defaults={
                **values,
                "updated_at": timezone.now(),
                "updated_by": actor_of(user),
            },
        )
        record(
            user,
            AuditAction.EVENT,
            agency=agency,
            target=guide,
            summary="更新政府信息公开指南",
        )
    return guide
