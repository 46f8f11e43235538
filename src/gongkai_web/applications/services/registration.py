"""Registering an application (条例第二十九条、第三十一条): the case's first event."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from gongkai.vocabulary import ApplicantType, Channel
from gongkai.workflow import Action, Event, next_status
from gongkai_web.agencies.access import User, roles_in
from gongkai_web.agencies.calendars import work_calendar
from gongkai_web.agencies.models import Agency, Role
from gongkai_web.applications.errors import ActionRefused
from gongkai_web.applications.models import (
    Application,
    ApplicationEvent,
    Attachment,
    TrackingCounter,
)
from gongkai_web.applications.services.actions import check_not_future, check_role
from gongkai_web.applications.services.history import apply_replay
from gongkai_web.audit.models import AuditAction
from gongkai_web.audit.services import record

ATTACHING_ROLES = frozenset({Role.REGISTRAR, Role.HANDLER, Role.APPROVER})


@dataclass(frozen=True)
class NewApplication:
    """What the registration form (or the portal, or a script) hands over."""

    channel: Channel
    received: date  # 收到申请之日 as fixed by 条例第三十一条 for the channel
    applicant_type: ApplicantType
    applicant_name: str
    content: str
    id_document: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    requested_form: str = ""
    delivery: str = ""
    note: str = ""


def next_tracking_number(agency: Agency, year: int) -> str:
    """Return the next free tracking number of the agency for `year` (YYYY-NNNN).

    Must run inside a transaction: the counter row is locked until it commits.
    """
    counter, _created = TrackingCounter.objects.select_for_update().get_or_create(
        agency=agency, year=year
    )
    taken = Application.objects.filter(agency=agency)
    while True:
        counter.last += 1
        number = f"{year}-{counter.last:04d}"
        if not taken.filter(tracking_number=number).exists():
            break
    counter.save(update_fields=["last"])
    return number


def register(
    agency: Agency,
    user: User,
    new: NewApplication,
    *,
    files: Iterable[UploadedFile] = (),
    today: date | None = None,
) -> Application:
    """Register an application and return it with its tracking number and due date.

    Raises:
        ActionRefused: for a role that may not register, a receipt date in the future,
            or an empty name or content.
        CalendarDataMissing: when the due date needs a year nobody has entered.
    """
    today = today or timezone.localdate()
    check_role(roles_in(user, agency), Action.REGISTER)
    check_not_future(new.received, today, "收到申请")
    for field, label in (("applicant_name", "申请人"), ("content", "申请内容")):
        if not getattr(new, field).strip():
            raise ActionRefused(f"{label}不能为空 ({field} is empty)")
    status = next_status(None, Action.REGISTER)
    events = (Event(Action.REGISTER, new.received),)
    with transaction.atomic():
        application = Application(
            agency=agency,
            tracking_number=next_tracking_number(agency, new.received.year),
            channel=new.channel.value,
            received=new.received,
            applicant_type=new.applicant_type.value,
            applicant_name=new.applicant_name.strip(),
            id_document=new.id_document.strip(),
            phone=new.phone.strip(),
            email=new.email.strip(),
            address=new.address.strip(),
            content=new.content.strip(),
            requested_form=new.requested_form,
            delivery=new.delivery,
            note=new.note,
        )
        apply_replay(application, events, work_calendar())
        application.save()
        ApplicationEvent.objects.create(
            application=application,
            seq=1,
            action=Action.REGISTER.value,
            on=new.received,
            new_status=status.value,
            actor=user if user.is_authenticated else None,
            note=new.channel.receipt_rule,
        )
        for upload in files:
            add_attachment_locked(application, user, upload)
        record(
            user,
            AuditAction.EVENT,
            agency=agency,
            target=application,
            summary=f"{application.tracking_number} {Action.REGISTER.label} "
            f"{new.received.isoformat()}",
            data={
                "action": Action.REGISTER.value,
                "on": new.received.isoformat(),
                "new": status.value,
            },
        )
    return application


def add_attachment_locked(
    application: Application, user: User, upload: UploadedFile
) -> Attachment:
    name = (upload.name or "attachment").rsplit("/", 1)[-1][:255]
    attachment = Attachment(
        application=application,
        name=name,
        uploaded_by=user if user.is_authenticated else None,
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    return attachment


def add_attachment(
    application: Application, user: User, upload: UploadedFile
) -> Attachment:
    """Attach a file to a case (registering roles and the handler, approver)."""
    if not roles_in(user, application.agency) & ATTACHING_ROLES:
        raise ActionRefused("您的岗位不能上传附件 (your role may not add attachments)")
    with transaction.atomic():
        attachment = add_attachment_locked(application, user, upload)
        record(
            user,
            AuditAction.EVENT,
            agency=application.agency,
            target=application,
            summary=f"{application.tracking_number} 上传附件 {attachment.name}",
        )
    return attachment
