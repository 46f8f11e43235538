"""Registering an application (条例第二十九条、第三十一条): the case's first event."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone

from gongkai.errors import ActionRefused
from gongkai.vocabulary import ApplicantType, Channel
from gongkai.workflow import Action, Event, next_status
from gongkai_web.agencies.access import User, actor_of, roles_in
from gongkai_web.agencies.calendars import work_calendar
from gongkai_web.agencies.models import Agency
from gongkai_web.applications.models import Application, Attachment, TrackingCounter
from gongkai_web.applications.notices import notify_applicant
from gongkai_web.applications.services.actions import (
    CASE_ROLES,
    check_not_future,
    check_role,
    log_event,
)
from gongkai_web.applications.services.history import apply_replay
from gongkai_web.applications.uploads import (
    CheckedUpload,
    check_upload,
    removed_unless_committed,
)
from gongkai_web.audit.models import AuditAction
from gongkai_web.audit.services import record

ATTACHING_ROLES = CASE_ROLES


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

    A due date that needs a year nobody has entered is left empty, the year noted in
    `calendar_missing_year`; the case is registered all the same.

    Raises:
        ActionRefused: for a role that may not register, a receipt date in the future,
            or an empty name or content.
    """
    _check_new(agency, user, new, today or timezone.localdate())
    checked = [check_upload(upload) for upload in files]
    event = Event(Action.REGISTER, new.received, note=new.channel.receipt_rule)
    status = next_status(None, Action.REGISTER)
    with removed_unless_committed() as stored, transaction.atomic():
        application = _new_application(agency, new)
        apply_replay(application, (event,), work_calendar())
        application.save()
        logged = log_event(application, user, event, None, status)
        for upload in checked:
            add_attachment_locked(application, user, upload, stored)
        notify_applicant(application, logged)  # the receipt, with the tracking number
    return application


def _check_new(agency: Agency, user: User, new: NewApplication, today: date) -> None:
    check_role(roles_in(user, agency), Action.REGISTER)
    check_not_future(new.received, today, "收到申请")
    for field, label in (("applicant_name", "申请人"), ("content", "申请内容")):
        if not getattr(new, field).strip():
            raise ActionRefused(f"{label}不能为空 ({field} is empty)")


def _new_application(agency: Agency, new: NewApplication) -> Application:
    """Return the unsaved case of `new`, numbered (inside the caller's transaction)."""
    return Application(
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


def add_attachment_locked(
    application: Application, user: User, upload: CheckedUpload, stored: list[str]
) -> Attachment:
    """Store a checked upload under a new name, its name added to `stored`, and
    attach it (in the caller's transaction, inside `removed_unless_committed`)."""
    attachment = Attachment(
        application=application,
        name=upload.name,
        uploaded_by=actor_of(user),
    )
    # Named before writing: a write that fails half-way (a full disk) leaves part of
    # the file, which the storage does not remove.
    field = Attachment._meta.get_field("file")
    assert isinstance(field, models.FileField)
    stored.append(field.generate_filename(attachment, upload.stored_name))
    attachment.file.save(stored[-1].rsplit("/", 1)[-1], upload.upload, save=False)
    if attachment.file.name != stored[-1]:
        stored.append(attachment.file.name)
    attachment.save()
    return attachment


def add_attachment(
    application: Application, user: User, upload: UploadedFile
) -> Attachment:
    """Attach a file to a case (registering roles and the handler, approver).

    Raises:
        ActionRefused: for a role that may not attach, a file too large or of a kind
            not accepted (`uploads`).
    """
    if not roles_in(user, application.agency) & ATTACHING_ROLES:
        raise ActionRefused("您的岗位不能上传附件 (your role may not add attachments)")
    checked = check_upload(upload)
    with removed_unless_committed() as stored, transaction.atomic():
        attachment = add_attachment_locked(application, user, checked, stored)
        record(
            user,
            AuditAction.EVENT,
            agency=application.agency,
            target=application,
            summary=f"{application.tracking_number} 上传附件 {attachment.name}",
        )
    return attachment
