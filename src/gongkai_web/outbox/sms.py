"""SMS: one interface, a logging backend, and the Aliyun SMS (短信服务) adapter.

`GONGKAI_SMS_BACKEND` chooses: unset, no SMS is written at all; `log`, each SMS goes
to the `gongkai.sms` log (development, or an agency that sends SMS by hand); `aliyun`,
Aliyun's SendSms API (RPC style, signature version 1.0, HMAC-SHA1, as documented in
"HTTP协议及签名" of 短信服务). Aliyun sends only approved templates with approved
signatures, so the adapter fills one template (`GONGKAI_SMS_ALIYUN_TEMPLATE`, which
must have a `${content}` variable) with the message text.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

log = logging.getLogger("gongkai.sms")

ALIYUN_ENDPOINT = "https://dysmsapi.aliyuncs.com"
# Codes after which a later try may succeed (flow control); every other code is final.
ALIYUN_RETRY_CODES = frozenset({"isv.BUSINESS_LIMIT_CONTROL", "SignatureNonceUsed"})


class SmsRefused(Exception):
    """The provider refused the SMS; `is_final` says whether retrying cannot help."""

    def __init__(self, message: str, *, is_final: bool) -> None:
        super().__init__(message)
        self.is_final = is_final


class SmsBackend(Protocol):
    def send(self, phone: str, text: str, *, reference: str) -> None:
        """Send `text` to `phone`; `reference` is the outbox id (for the provider's log).

        Raises:
            SmsRefused: the provider said no.
        """


class LoggingSmsBackend:
    """Write each SMS to the log instead of sending it."""

    def send(self, phone: str, text: str, *, reference: str) -> None:
        log.info("SMS to %s (%s): %s", phone, reference, text)


def percent_encode(text: str) -> str:
    """Return `text` encoded as Aliyun signs it: UTF-8, only A-Za-z0-9-_.~ kept."""
    return urllib.parse.quote(text, safe="~")


def aliyun_signature(secret: str, params: dict[str, str], method: str = "GET") -> str:
    """Return the base64 HMAC-SHA1 signature of `params` with the AccessKey secret."""
    query = "&".join(
        f"{percent_encode(k)}={percent_encode(v)}" for k, v in sorted(params.items())
    )
    to_sign = f"{method}&{percent_encode('/')}&{percent_encode(query)}"
    digest = hmac.new(f"{secret}&".encode(), to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def aliyun_url(endpoint: str, secret: str, params: dict[str, str]) -> str:
    """Return the signed GET URL of an Aliyun RPC call (Signature first, then sorted)."""
    query = "&".join(
        f"{percent_encode(k)}={percent_encode(v)}" for k, v in sorted(params.items())
    )
    signature = percent_encode(aliyun_signature(secret, params))
    return f"{endpoint}/?Signature={signature}&{query}"


@dataclass(frozen=True)
class AliyunSmsBackend:
    access_key_id: str
    access_key_secret: str
    sign_name: str
    template_code: str
    endpoint: str = ALIYUN_ENDPOINT
    timeout: float = 10.0

    def request_params(
        self, phone: str, text: str, *, reference: str, at: datetime, nonce: str
    ) -> dict[str, str]:
        """Return the SendSms parameters (system and business) before signing."""
        return {
            "AccessKeyId": self.access_key_id,
            "Action": "SendSms",
            "Format": "JSON",
            "OutId": reference,
            "PhoneNumbers": phone,
            "RegionId": "cn-hangzhou",
            "SignName": self.sign_name,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": nonce,
            "SignatureVersion": "1.0",
            "TemplateCode": self.template_code,
            "TemplateParam": json.dumps({"content": text}, ensure_ascii=False),
            "Timestamp": at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": "2017-05-25",
        }

    def send(self, phone: str, text: str, *, reference: str) -> None:
        params = self.request_params(
            phone,
            text,
            reference=reference,
            at=datetime.now(UTC),
            nonce=str(uuid.uuid4()),
        )
        url = aliyun_url(self.endpoint, self.access_key_secret, params)
        with urllib.request.urlopen(url, timeout=self.timeout) as response:  # noqa: S310
            answer = json.loads(response.read().decode("utf-8"))
        code = str(answer.get("Code", ""))
        if code != "OK":
            raise SmsRefused(
                f"Aliyun SMS {code}: {answer.get('Message', '')}",
                is_final=code not in ALIYUN_RETRY_CODES,
            )


def sms_backend() -> SmsBackend:
    """Return the configured SMS backend.

    Raises:
        ImproperlyConfigured: for an unknown backend name or a missing Aliyun setting.
    """
    name = settings.GONGKAI_SMS_BACKEND
    if name == "log":
        return LoggingSmsBackend()
    if name == "aliyun":
        values = {
            key: getattr(settings, f"GONGKAI_SMS_ALIYUN_{key.upper()}")
            for key in ("access_key_id", "access_key_secret", "sign_name", "template")
        }
        missing = [k for k, v in values.items() if not v]
        if missing:
            names = ", ".join(f"GONGKAI_SMS_ALIYUN_{k.upper()}" for k in missing)
            raise ImproperlyConfigured(f"GONGKAI_SMS_BACKEND=aliyun needs {names}")
        return AliyunSmsBackend(
            values["access_key_id"],
            values["access_key_secret"],
            values["sign_name"],
            values["template"],
        )
    raise ImproperlyConfigured(
        f"GONGKAI_SMS_BACKEND={name!r}: expected log or aliyun (or unset: no SMS)"
    )


def has_sms() -> bool:
    """Tell whether SMS messages are written at all (a backend is configured)."""
    return bool(settings.GONGKAI_SMS_BACKEND)
