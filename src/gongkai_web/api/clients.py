"""Client endpoints (an API token in `Authorization: Bearer …`): submit an application
on behalf of an applicant, follow it by tracking number and verification code, and for
a staff token list its own agency's cases, masked as the auditor sees them.

A submission goes through the portal's own form (`portal.forms.ApplyForm`, minus the
fields that only tell a person from a script in a browser) and the portal's `submit`
service, so the rules, the receipt and the throttle are the portal's. The throttle's
client is the applicant (their identity document, per token): a one-stop portal sends
many applicants from one address, and one applicant is held to the portal's pace.

`Idempotency-Key`: the key's SHA-256 is stored with a digest of the body in the
transaction that registers the application, under a unique (token, key) constraint,
and the receipt's code sealed for a retry with the same token and key (`api.replay`).
A retry with the same body within 24 hours gets the first receipt again (200 instead
of 201); later, 409 `receipt_expired` (still no second case); the same key with
another body is 409 `conflict`; two concurrent first tries make one case, the loser
waiting on the constraint and then answering as a retry.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from ninja import Field, Header, Query, Router, Schema, Status
from ninja.security import HttpBearer

from gongkai.annual import check_draft_year
from gongkai.errors import GongkaiError
from gongkai.report.codec import report_to_data
from gongkai.vocabulary import ApplicantType
from gongkai_web.agencies.models import Role
from gongkai_web.annual.compute import current_report
from gongkai_web.api import limits, replay
from gongkai_web.api.errors import ApiError, ErrorBody
from gongkai_web.api.models import ApiToken, IdempotencyKey, Scope
from gongkai_web.api.public import PageQuery, jsonable
from gongkai_web.api.tokens import authenticate
from gongkai_web.applications.access import identity_for
from gongkai_web.applications.models import Application, Delivery, RequestedForm
from gongkai_web.portal import services, throttle
from gongkai_web.portal.forms import ID_DOCUMENT, ApplyForm

MAX_KEY = 200


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = authenticate(request, token)
        if found is not None:
            found.presented = token.strip()  # kept in memory: it seals replay codes
        return found


router = Router(tags=["clients"], auth=TokenAuth())
ERRORS: dict[int, Any] = {
    400: ErrorBody,
    401: ErrorBody,
    403: ErrorBody,
    404: ErrorBody,
    409: ErrorBody,
    422: ErrorBody,
    429: ErrorBody,
}


def need(request: HttpRequest, scope: Scope) -> ApiToken:
    """Return the request's token if it has `scope`, else refuse with 403."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    if scope.value not in token.scopes:
        raise ApiError(
            403,
            "forbidden",
            f"此令牌没有“{scope.value}”权限",
            f"This token lacks the scope {scope.value}",
        )
    return token


class ApplicationIn(Schema):
    """The portal's application form as JSON. The rules are the form's (and are
    checked by it, with its Chinese and English messages); the ones a JSON Schema can
    say are stated in the document too. Cross-field rules
    (a phone or an e-mail; an address for delivery by post, an e-mail for delivery by
    e-mail) are the form's alone and answered with 422 and the field's path."""

    applicant_type: str = Field(
        json_schema_extra={"enum": [t.value for t in ApplicantType]}
    )
    applicant_name: str = Field(json_schema_extra={"minLength": 1, "maxLength": 200})
    id_document: str = Field(json_schema_extra={"pattern": ID_DOCUMENT.pattern})
    phone: str = Field("", json_schema_extra={"maxLength": 32})
    email: str = Field("", json_schema_extra={"maxLength": 200})
    address: str = Field("", json_schema_extra={"maxLength": 300})
    content: str = Field(json_schema_extra={"minLength": 5, "maxLength": 2000})
    requested_form: str = Field(json_schema_extra={"enum": list(RequestedForm.values)})
    delivery: str = Field(json_schema_extra={"enum": list(Delivery.values)})


class ReceiptOut(Schema):
    agency: str
    tracking_number: str
    received: date
    due_date: date | None
    verification_code: str = Field(description="shown once; needed to follow the case")


class StatusOut(Schema):
    agency: str
    tracking_number: str
    received: date
    status: str
    is_open: bool
    due_date: date | None
    reply_date: date | None
    outcome: str | None


class CaseOut(StatusOut):
    channel: str
    applicant_type: str
    applicant_name: str
    id_document: str
    phone: str
    email: str
    address: str
    content: str


class CasePage(Schema):
    count: int
    page: int
    page_size: int
    items: list[CaseOut]


class ApiApplyForm(ApplyForm):
    """The portal's form without what only tells a person from a script in a browser
    (the signed start time): the client vouches for its applicant under its token."""

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__({**data, "affirm": "on", "website": "", "started": "api"})

    def clean_started(self) -> str:
        return ""


def _form_errors(form: ApplyForm) -> ApiError:
    field, errors = next(iter(form.errors.as_data().items()))
    with translation.override("zh-hans"):
        zh = "；".join(str(m) for e in errors for m in e)
    with translation.override("en"):
        en = "; ".join(str(m) for e in errors for m in e)
    path = None if field == "__all__" else field
    return ApiError(422, "invalid", zh, en, path=path)


def _body_digest(payload: ApplicationIn) -> str:
    text = json.dumps(payload.model_dump(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _receipt(token: ApiToken, application: Application, code: str) -> ReceiptOut:
    return ReceiptOut(
        agency=token.agency.code,
        tracking_number=application.tracking_number,
        received=application.received,
        due_date=application.due_date,
        verification_code=f"{code[:4]}-{code[4:]}",
    )


def _replay(token: ApiToken, key: str, digest: str) -> Status[ReceiptOut] | None:
    found = (
        IdempotencyKey.objects.select_related("application")
        .filter(token=token, key_digest=replay.key_digest(key))
        .first()
    )
    if found is None:
        return None
    if found.body_digest != digest:
        raise ApiError(
            409,
            "conflict",
            "此Idempotency-Key已用于另一件申请",
            "This Idempotency-Key was used for a different application",
        )
    code = replay.unseal(
        found.sealed,
        bearer=token.presented,
        key=key,
        created=found.created_at,
        now=timezone.now(),
    )
    if code is None:
        number = found.application.tracking_number
        raise ApiError(
            409,
            "receipt_expired",
            f"此Idempotency-Key的申请已经登记（申请编号{number}），不会重复登记；"
            f"查询码只在首次提交后24小时内随重试再次返回。请使用首次回执上的查询码，"
            f"或请机关重新生成查询码。",
            f"The application with this Idempotency-Key is registered ({number}) and "
            f"will not be registered twice; its verification code is returned to a "
            f"retry for 24 hours only. Use the code of the first receipt, or ask the "
            f"agency to issue a new one.",
        )
    return Status(200, _receipt(token, found.application, code))


def _forget_old_codes(now: datetime) -> None:
    """Delete the sealed codes past their replay time (the rows stay)."""
    IdempotencyKey.objects.filter(created_at__lt=now - replay.REPLAY_FOR).exclude(
        sealed=""
    ).update(sealed="")


@router.post(
    "/applications",
    response={201: ReceiptOut, 200: ReceiptOut, **ERRORS},
    url_name="applications",
)
def submit(
    request: HttpRequest,
    payload: ApplicationIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),  # type: ignore[type-arg]
) -> Status[ReceiptOut]:
    """Submit an application on behalf of an applicant (scope `applications:submit`).

    Returns 201 with the receipt; a retry with the same `Idempotency-Key` and body
    returns 200 with the same receipt for 24 hours, then 409 `receipt_expired` (never
    a second case).
    """
    token = need(request, Scope.SUBMIT)
    key = (idempotency_key or "").strip()
    if len(key) > MAX_KEY:
        raise ApiError(
            400,
            "bad_request",
            f"Idempotency-Key不能超过{MAX_KEY}个字符",
            f"Idempotency-Key is longer than {MAX_KEY} characters",
        )
    digest = _body_digest(payload)
    _forget_old_codes(timezone.now())
    if key and (replayed := _replay(token, key, digest)) is not None:
        return replayed
    form = ApiApplyForm(payload.model_dump())
    if not form.is_valid():
        raise _form_errors(form)
    today = timezone.localdate()
    applicant = salted_hmac(
        "gongkai.api.applicant", f"{token.pk}:{form.cleaned_data['id_document']}"
    ).hexdigest()
    try:
        with transaction.atomic():
            receipt = services.submit(
                token.agency,
                form.new_application(today),
                today=today,
                client=throttle.Client(applicant, applicant),
                now=timezone.now(),
            )
            if key:
                IdempotencyKey.objects.create(
                    token=token,
                    key_digest=replay.key_digest(key),
                    body_digest=digest,
                    application=receipt.application,
                    sealed=replay.seal(receipt.code, bearer=token.presented, key=key),
                )
    except IntegrityError:
        # A concurrent request with this key won: answer as its retry.
        replayed = _replay(token, key, digest) if key else None
        if replayed is None:
            raise
        return replayed
    except throttle.Throttled as exc:
        # A retry that raced the first try finds the applicant throttled by it.
        if key and (replayed := _replay(token, key, digest)) is not None:
            return replayed
        raise _throttled(exc) from None
    except GongkaiError as exc:
        raise ApiError(422, "invalid", str(exc), str(exc)) from None
    return Status(201, _receipt(token, receipt.application, receipt.code))


class StatusQuery(Schema):
    code: str = Field(max_length=16, description="the receipt's verification code")


def _status(application: Application) -> dict[str, Any]:
    return {
        "agency": application.agency.code,
        "tracking_number": application.tracking_number,
        "received": application.received,
        "status": application.status,
        "is_open": application.is_open,
        "due_date": application.due_date,
        "reply_date": application.reply_date,
        "outcome": application.outcome or None,
    }


@router.get(
    "/applications/{tracking_number}",
    response={200: StatusOut, **ERRORS},
    url_name="application_status",
)
def status(
    request: HttpRequest, tracking_number: str, query: Query[StatusQuery]
) -> dict[str, Any]:
    """A case's public status by tracking number and verification code (scope
    `applications:status`); failed lookups are throttled as on the portal."""
    token = need(request, Scope.STATUS)
    limits.check(f"token:{token.pk}")
    client_key = salted_hmac("gongkai.api.lookup", str(token.pk)).hexdigest()
    try:
        found = services.follow(
            token.agency,
            tracking_number[:64],
            query.code,
            client=throttle.Client(client_key, client_key),
            now=timezone.now(),
        )
    except throttle.Throttled as exc:
        raise _throttled(exc) from None
    if found is None:
        raise ApiError(
            404,
            "not_found",
            "没有找到与该申请编号和查询码相符的申请",
            "No application matches this tracking number and code",
        )
    return _status(found)


@router.get("/cases/", response={200: CasePage, **ERRORS}, url_name="cases")
def cases(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    """The token's agency's cases, newest first, the applicant's identity masked as
    for the auditor role (scope `cases:read`)."""
    token = need(request, Scope.CASES)
    limits.check(f"token:{token.pk}")
    found = Application.objects.filter(agency=token.agency).select_related("agency")
    count = found.count()
    start = (query.page - 1) * query.page_size
    items = []
    for application in found.order_by("-received", "-id")[
        start : start + query.page_size
    ]:
        identity = identity_for(request, application, frozenset({Role.AUDITOR}))
        items.append(
            {
                **_status(application),
                "channel": application.channel,
                "applicant_type": application.applicant_type,
                "applicant_name": application.applicant_name,
                "id_document": identity.id_document,
                "phone": identity.phone,
                "email": identity.email,
                "address": identity.address,
                "content": application.content,
            }
        )
    return {
        "count": count,
        "page": query.page,
        "page_size": query.page_size,
        "items": items,
    }


class FindingOut(Schema):
    severity: str
    message_zh: str
    message_en: str


class DraftOut(Schema):
    agency: str
    year: int
    report: dict[str, Any] = Field(description="the draft as canonical JSON")
    findings: list[FindingOut]


class DraftQuery(Schema):
    year: int = Field(ge=2000, le=2200)


@router.get("/reports/draft", response={200: DraftOut, **ERRORS}, url_name="draft")
def draft(request: HttpRequest, query: Query[DraftQuery]) -> dict[str, Any]:
    """The token's agency's annual report for `year` as it would be published now,
    with the validator's findings (scope `reports:read-drafts`)."""
    token = need(request, Scope.READ_DRAFTS)
    limits.check(f"token:{token.pk}")
    try:
        check_draft_year(query.year, timezone.localdate())
        current = current_report(token.agency, query.year)
    except GongkaiError as exc:
        raise ApiError(422, "invalid", str(exc), str(exc), path="year") from None
    return {
        "agency": token.agency.code,
        "year": query.year,
        "report": jsonable(report_to_data(current.report)),
        "findings": [
            {
                "severity": str(f.severity.value),
                "message_zh": f.message_zh,
                "message_en": f.message_en,
            }
            for f in current.findings
        ],
    }


def _throttled(exc: throttle.Throttled) -> ApiError:
    """The 429 of a portal throttle's refusal, with its wording and Retry-After."""
    return ApiError(
        429,
        "throttled",
        exc.refusal.message_zh,
        exc.refusal.message_en,
        headers={"Retry-After": str(exc.refusal.retry_after)},
    )
