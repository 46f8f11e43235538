"""SMS: the Aliyun adapter signs requests as Aliyun's documentation shows; no network."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from gongkai_web.outbox.sms import (
    AliyunSmsBackend,
    LoggingSmsBackend,
    aliyun_signature,
    aliyun_url,
    sms_backend,
)

# The example of Aliyun's "短信服务 HTTP协议及签名" page (AccessKey testId/testSecret).
DOC_PARAMS = {
    "AccessKeyId": "testId",
    "Action": "SendSms",
    "Format": "XML",
    "OutId": "123",
    "PhoneNumbers": "15300000001",
    "RegionId": "cn-hangzhou",
    "SignName": "阿里云短信测试专用",
    "SignatureMethod": "HMAC-SHA1",
    "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466",
    "SignatureVersion": "1.0",
    "TemplateCode": "SMS_71390007",
    "TemplateParam": '{"customer":"test"}',
    "Timestamp": "2017-07-12T02:42:19Z",
    "Version": "2017-05-25",
}
DOC_URL = (
    "http://dysmsapi.aliyuncs.com/?Signature=zJDF%2BLrzhj%2FThnlvIToysFRq6t4%3D"
    "&AccessKeyId=testId&Action=SendSms&Format=XML&OutId=123&PhoneNumbers=15300000001"
    "&RegionId=cn-hangzhou&SignName=%E9%98%BF%E9%87%8C%E4%BA%91%E7%9F%AD%E4%BF%A1%E6"
    "%B5%8B%E8%AF%95%E4%B8%93%E7%94%A8&SignatureMethod=HMAC-SHA1"
    "&SignatureNonce=45e25e9b-0a6f-4070-8c85-2956eda1b466&SignatureVersion=1.0"
    "&TemplateCode=SMS_71390007&TemplateParam=%7B%22customer%22%3A%22test%22%7D"
    "&Timestamp=2017-07-12T02%3A42%3A19Z&Version=2017-05-25"
)


def test_signature_of_the_documented_example() -> None:
    assert aliyun_signature("testSecret", DOC_PARAMS) == "zJDF+Lrzhj/ThnlvIToysFRq6t4="


def test_url_of_the_documented_example() -> None:
    assert (
        aliyun_url("http://dysmsapi.aliyuncs.com", "testSecret", DOC_PARAMS) == DOC_URL
    )


def test_the_adapter_builds_the_documented_request() -> None:
    backend = AliyunSmsBackend(
        "testId", "testSecret", "阿里云短信测试专用", "SMS_71390007"
    )
    params = backend.request_params(
        "15300000001",
        "test",
        reference="123",
        at=datetime(2017, 7, 12, 2, 42, 19, tzinfo=UTC),
        nonce="45e25e9b-0a6f-4070-8c85-2956eda1b466",
    )
    assert params | {"Format": "XML", "TemplateParam": '{"customer":"test"}'} == (
        DOC_PARAMS
    )
    assert params["TemplateParam"] == '{"content": "test"}'


def test_the_logging_backend_logs(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="gongkai.sms"):
        LoggingSmsBackend().send("13912345678", "您的申请已受理", reference="abc")
    assert "13912345678" in caplog.text and "您的申请已受理" in caplog.text


def test_configuration_names_what_is_missing(settings: Any) -> None:
    settings.GONGKAI_SMS_BACKEND = "aliyun"
    settings.GONGKAI_SMS_ALIYUN_ACCESS_KEY_ID = "id"
    with pytest.raises(ImproperlyConfigured, match="GONGKAI_SMS_ALIYUN_SIGN_NAME"):
        sms_backend()
    settings.GONGKAI_SMS_BACKEND = "pigeon"
    with pytest.raises(ImproperlyConfigured, match="pigeon"):
        sms_backend()
