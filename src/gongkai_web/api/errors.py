"""Every API error is one JSON body: a stable `code`, a Chinese and an English message,
and for a validation error the `path` of the field. Never a stack trace.

    400 bad_request     the request cannot be read (bad JSON, bad header)
    401 unauthorized    no token, or an unknown or revoked one
    403 forbidden       the token lacks the scope, or names another agency
    404 not_found       no such agency, report, case …
    409 conflict        an Idempotency-Key reused with a different body
    409 receipt_expired a retry more than 24 h after the first try (no second case;
                        the code is no longer kept to show again)
    422 invalid         a field fails validation (`path` names it)
    429 throttled       too many requests (`Retry-After` says when to come back)
    500 server_error    a bug: logged with its traceback, the client sees this body only
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

log = logging.getLogger("gongkai.api")


class ErrorBody(Schema):
    code: str
    message_zh: str
    message_en: str
    path: str | None = None


class ApiError(Exception):
    """An error the API answers with its status and body."""

    def __init__(
        self,
        status: int,
        code: str,
        message_zh: str,
        message_en: str,
        *,
        path: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message_en)
        self.status = status
        self.body = ErrorBody(
            code=code, message_zh=message_zh, message_en=message_en, path=path
        )
        self.headers = headers or {}


def not_found(what_zh: str, what_en: str) -> ApiError:
    return ApiError(404, "not_found", f"未找到{what_zh}", f"{what_en} not found")


def _path(loc: list[Any] | tuple[Any, ...]) -> str:
    # ninja's loc starts with where the value came from (body, query, header, path)
    # and, for a body, the parameter's name; the client knows only the field.
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header"}:
        parts = parts[1:]
        if parts and parts[0] in {"payload", "data", "filters"}:
            parts = parts[1:]
    return ".".join(parts)


def respond(api: NinjaAPI, request: HttpRequest, error: ApiError) -> HttpResponse:
    response = api.create_response(
        request, error.body.model_dump(), status=error.status
    )
    for name, value in error.headers.items():
        response[name] = value
    return response


def install(api: NinjaAPI) -> None:
    """Register the JSON error handlers on `api`."""

    @api.exception_handler(ApiError)
    def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return respond(api, request, exc)

    @api.exception_handler(ValidationError)
    def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        first = exc.errors[0] if exc.errors else {}
        path = _path(first.get("loc", ()))
        message = str(first.get("msg", "invalid"))
        if first.get("type") == "json_invalid":
            error = ApiError(
                400, "bad_request", "请求体不是有效的JSON", "The body is not valid JSON"
            )
        else:
            error = ApiError(
                422,
                "invalid",
                f"{path or '请求'}填写有误：{message}",
                f"{path or 'request'}: {message}",
                path=path or None,
            )
        return respond(api, request, error)

    @api.exception_handler(AuthenticationError)
    def _unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        error = ApiError(
            401,
            "unauthorized",
            "需要有效的API令牌（Authorization: Bearer …）",
            "A valid API token is required (Authorization: Bearer …)",
            headers={"WWW-Authenticate": "Bearer"},
        )
        return respond(api, request, error)

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(api, request, not_found("所请求的资源", "The resource"))

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        codes = {
            400: "bad_request",
            401: "unauthorized",
            403: "forbidden",
            404: "not_found",
            405: "method_not_allowed",
            409: "conflict",
            429: "throttled",
        }
        code = codes.get(exc.status_code, "error")
        error = ApiError(exc.status_code, code, str(exc.message), str(exc.message))
        return respond(api, request, error)

    @api.exception_handler(Exception)
    def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        log.exception("API error on %s %s", request.method, request.path)
        error = ApiError(
            500,
            "server_error",
            "服务器内部错误，已记录",
            "Internal server error; it has been logged",
        )
        return respond(api, request, error)
