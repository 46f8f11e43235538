"""Application, its append-only events, attachments, reply templates and ledger imports.

`status`, `outcome`, `due_date`, `calendar_missing_year`, `reply_date` and `is_open` are
what the services in `services/` replay from the events with `gongkai.workflow`; nothing
else assigns them. `handler` and `department` (who works on a case, in which 科室) are
set only by `services/work.py`, which writes a `WorkEvent` for each change: internal
work management, not a legal event of the case, so it is kept out of the history the
workflow replays.
The events are the history: `history_start` names the first event of the current
history (a ledger re-import that rewrites an imported history appends a new one and
moves it forward; the old events stay in the log).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.letters.kinds import LetterKind
from gongkai.vocabulary import ApplicantType, Channel, Outcome
from gongkai.workflow import Action, Status
from gongkai_web.agencies.models import Agency, Department
from gongkai_web.audit.models import AppendOnlyModel


def _choices(
    enum: type[Status]
    | type[Action]
    | type[Outcome]
    | type[ApplicantType]
    | type[Channel]
    | type[LetterKind],
) -> list[tuple[str, str]]:
    return [(member.value, member.label) for member in enum]


class RequestedForm(models.TextChoices):
    PAPER = "paper", _("纸质文本")
    ELECTRONIC = "electronic", _("电子数据")
    OTHER = "other", _("其他形式")


class Delivery(models.TextChoices):
    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    PICKUP = "pickup", _("当面领取")
    ONLINE = "online", _("网上获取")
    FAX = "fax", _("传真")
    VIEWING = "viewing", _("现场查阅")


class Application(models.Model):
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("机关"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    tracking_number = models.CharField(_("编号"), max_length=64)
    channel = models.CharField(_("渠道"), max_length=20, choices=_choices(Channel))
    received = models.DateField(_("收到申请日期"))
    applicant_type = models.CharField(
        _("申请人类型"), max_length=20, choices=_choices(ApplicantType)
    )
    applicant_name = models.CharField(_("申请人"), max_length=200)
    id_document = models.CharField(_("身份证明号码"), max_length=64, blank=True)
    phone = models.CharField(_("联系电话"), max_length=64, blank=True)
    email = models.CharField(_("电子邮箱"), max_length=200, blank=True)
    address = models.CharField(_("通信地址"), max_length=300, blank=True)
    content = models.TextField(_("申请内容"))
    requested_form = models.CharField(
        _("获取信息的形式"), max_length=20, choices=RequestedForm.choices, blank=True
    )
    delivery = models.CharField(
        _("获取信息的方式"), max_length=20, choices=Delivery.choices, blank=True
    )
    note = models.TextField(_("备注"), blank=True)

    status = models.CharField(_("状态"), max_length=24, choices=_choices(Status))
    is_open = models.BooleanField(_("未办结"), default=True)
    outcome = models.CharField(
        _("办理结果"), max_length=40, choices=_choices(Outcome), blank=True, default=""
    )
    due_date = models.DateField(_("答复期限"), null=True, blank=True)
    # The year whose holiday arrangement the due date needs and nobody has entered
    # (due_date is None then); filled in when the year is entered.
    calendar_missing_year = models.PositiveSmallIntegerField(
        _("缺少节假日安排的年度"), null=True, blank=True
    )
    reply_date = models.DateField(_("答复（办结）日期"), null=True, blank=True)
    fee = models.DecimalField(
        _("收费金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # The text of the 答复书 or 终止办理告知书 as issued (a copy of its `Letter`).
    letter_text = models.TextField(_("答复书正文"), blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("承办科室"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history_start = models.PositiveIntegerField(default=1, editable=False)

    created_at = models.DateTimeField(
        _("创建时间"), default=timezone.now, editable=False
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["-received", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "tracking_number"], name="application_unique_number"
            )
        ]
        indexes = [
            models.Index(fields=["agency", "received"], name="app_agency_received"),
            models.Index(fields=["agency", "reply_date"], name="app_agency_reply"),
            models.Index(
                fields=["agency", "is_open", "due_date", "id"],
                name="app_agency_urgency",
            ),
        ]
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")

    def __str__(self) -> str:
        return f"{self.tracking_number} {self.applicant_name}"

    @property
    def status_enum(self) -> Status:
        return Status(self.status)

    @property
    def outcome_enum(self) -> Outcome | None:
        return Outcome(self.outcome) if self.outcome else None


class LedgerImport(models.Model):
    """One import of a ledger file: who, when, which file, what it did."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(max_length=64)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("导入时间"), default=timezone.now)
    created = models.PositiveIntegerField(_("新增"), default=0)
    updated = models.PositiveIntegerField(_("更新"), default=0)
    unchanged = models.PositiveIntegerField(_("未变"), default=0)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("台账导入")
        verbose_name_plural = _("台账导入")

    def __str__(self) -> str:
        return f"{self.file_name} {self.at:%Y-%m-%d %H:%M}"


class ApplicationEvent(AppendOnlyModel):
    """One legal event of a case (条例), recorded once and never changed."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("申请"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    seq = models.PositiveIntegerField(_("序号"))
    action = models.CharField(_("事项"), max_length=24, choices=_choices(Action))
    on = models.DateField(_("日期"))
    outcome = models.CharField(
        _("办理结果"), max_length=40, choices=_choices(Outcome), blank=True, default=""
    )
    old_status = models.CharField(
        _("原状态"), max_length=24, choices=_choices(Status), blank=True, default=""
    )
    new_status = models.CharField(_("新状态"), max_length=24, choices=_choices(Status))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("记录时间"), default=timezone.now)
    note = models.TextField(_("说明"), blank=True)
    data = models.JSONField(_("详情"), default=dict, blank=True)
    ledger_import = models.ForeignKey(
        LedgerImport,
        verbose_name=_("台账导入"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )

    class Meta:
        ordering = ["application", "seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "seq"], name="event_unique_seq"
            )
        ]
        verbose_name = _("办理事项")
        verbose_name_plural = _("办理事项")

    def __str__(self) -> str:
        return f"{self.application_id}#{self.seq} {self.action} {self.on}"

    @property
    def action_enum(self) -> Action:
        return Action(self.action)


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"attachments/{instance.application.agency.code}/{timezone.now():%Y%m}/{filename}"


class Attachment(models.Model):
    application = models.ForeignKey(
        Application,
        verbose_name=_("申请"),
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("文件名"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.name


class TrackingCounter(models.Model):
    """The last tracking number issued per agency and year (locked when incremented)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year"], name="counter_unique_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year}: {self.last}"


class ReplyTemplate(models.Model):
    """The wording of one letter (and outcome, for replies and terminations) of an
    agency; the defaults live in `gongkai.letters.defaults`."""

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("机关"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reply_templates",
    )
    kind = models.CharField(
        _("文书"), max_length=20, choices=_choices(LetterKind), default="reply"
    )
    outcome = models.CharField(
        _("办理结果"), max_length=40, choices=_choices(Outcome), blank=True
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        ordering = ["agency", "kind", "outcome"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "outcome"], name="template_unique_letter"
            ),
        ]
        verbose_name = _("文书模板")
        verbose_name_plural = _("文书模板")

    def __str__(self) -> str:
        return f"{self.agency_id or '*'} {self.kind} {self.outcome}"


class LetterCounter(models.Model):
    """The last 文号 number an agency issued in a year (locked when incremented)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year"], name="letter_counter_unique_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year}: {self.last}"


class Letter(models.Model):
    """A letter as issued for one event of a case: its 文号 and its filled text.

    Issued once per event and kind, numbered in the transaction that issues it, and
    never changed: a download lays this text out again.
    """

    agency = models.ForeignKey(
        Agency, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="+"
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("申请"),
        on_delete=models.PROTECT,
        related_name="letters",
    )
    event = models.ForeignKey(
        ApplicationEvent,
        verbose_name=_("办理事项"),
        on_delete=models.PROTECT,
        related_name="letters",
    )
    kind = models.CharField(_("文书"), max_length=20, choices=_choices(LetterKind))
    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveIntegerField(_("序号"))
    document_number = models.CharField(_("文号"), max_length=80)
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("正文"))
    signer = models.CharField(_("发文机关"), max_length=200)
    issued_on = models.DateField(_("文书日期"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("出具人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("出具时间"), default=timezone.now)

    class Meta:
        ordering = ["application", "event__seq", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "number"], name="letter_unique_number"
            ),
            models.UniqueConstraint(
                fields=["event", "kind"], name="letter_one_per_event"
            ),
        ]
        verbose_name = _("文书")
        verbose_name_plural = _("文书")

    def __str__(self) -> str:
        return f"{self.document_number} {self.title}"


class WorkKind(models.TextChoices):
    ASSIGN = "assign", _("分派承办人")
    TRANSFER = "transfer", _("转办其他科室")
    DRAFT = "draft", _("提交答复稿")
    RETURN = "return", _("退回答复稿")
    SIGN_OFF = "sign_off", _("签发")


class WorkEvent(AppendOnlyModel):
    """One step of the agency's internal work on a case: assignment, 转办, a reply
    draft, its return or its 签发. Recorded once and never changed."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("申请"),
        on_delete=models.PROTECT,
        related_name="work_events",
    )
    kind = models.CharField(_("事项"), max_length=16, choices=WorkKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("记录时间"), default=timezone.now)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("承办科室"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    outcome = models.CharField(
        _("办理结果"), max_length=40, choices=_choices(Outcome), blank=True, default=""
    )
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["application", "at", "id"]
        verbose_name = _("内部办理事项")
        verbose_name_plural = _("内部办理事项")

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"
