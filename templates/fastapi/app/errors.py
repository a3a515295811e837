"""Exception handlers: every error is answered with a JSON body."""

import functools
import logging
import re
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

logger = logging.getLogger(__name__)


class ErrorMessage(BaseModel):
    """{{ crate::targets::fastapi::api::ERROR_MESSAGE_DESCRIPTION }}"""

    detail: str


# What each error status the app answers itself means; a 422 is described
# by FastAPI, with the validation error's shape.
ERROR_DESCRIPTIONS: dict[int, str] = {
{% for error in crate::targets::fastapi::api::ERROR_STATUSES %}{% if error.code != 422 %}    {{ error.code }}: {{ error.description|py_str }},
{% endif %}{% endfor %}}


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses`` of a route for the errors it answers itself."""
    return {
        code: {"model": ErrorMessage, "description": ERROR_DESCRIPTIONS[code]}
        for code in codes
    }


# A validation error lists at most this many problems, each location part
# and message cut to a bounded length, so an answer stays small whatever
# the request held.
MAX_LISTED_ERRORS = 20
MAX_LOCATION_PART = 64
MAX_MESSAGE = 200


def _bounded_text(value: object, limit: int) -> str:
    """At most limit characters of value's text, as valid Unicode."""
    text = str(value)[:limit]
    return text.encode("utf-8", "replace").decode("utf-8")


def _location_part(part: Any) -> str | int:
    return part if isinstance(part, int) else _bounded_text(part, MAX_LOCATION_PART)


def _message(error: dict[str, Any]) -> str:
    message = str(error.get("msg", "Invalid value"))
    # An e-mail address's fault is told without quoting the address.
    message = (
        message.split(": ", 1)[0]
        if message.startswith("value is not a valid email")
        else message
    )
    reason = (error.get("ctx") or {}).get("error")
    if error.get("type") == "json_invalid" and isinstance(reason, str):
        message = f"{message}: {reason}"
    return _bounded_text(message, MAX_MESSAGE)


def _problems(exc: RequestValidationError) -> list[dict[str, Any]]:
    """Where each problem is, what it is, and its kind; never the value sent."""
    return [
        {
            "loc": [_location_part(part) for part in error.get("loc", ())],
            "msg": _message(error),
            "type": _bounded_text(error.get("type", "value_error"), MAX_LOCATION_PART),
        }
        for error in exc.errors()[:MAX_LISTED_ERRORS]
    ]


async def _validation_error(
    _request: Request, exc: RequestValidationError
) -> JSONResponse:
    """A request that does not fit its schema: 422, without echoing its values."""
    try:
        detail: Any = _problems(exc)
    except Exception:  # noqa: BLE001  (an answer is given whatever the error holds)
        detail = [
            {"loc": ["body"], "msg": "The request is not valid", "type": "value_error"}
        ]
    return JSONResponse(
        status_code=status.HTTP_422_UNPROCESSABLE_CONTENT, content={"detail": detail}
    )


async def _data_error(_request: Request, _exc: DataError) -> JSONResponse:
    """A value the database refused, in the shape of every 422."""
    problem = {
        "loc": ["body"],
        "msg": "The database refused a value in the request",
        "type": "database_refused",
    }
    return JSONResponse(
        status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
        content={"detail": [problem]},
    )


HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch"})


@functools.cache
def _path_pattern(template: str) -> re.Pattern[str]:
    """A path of the API's schema (``/api/pets/{item_id}``) as a pattern."""
    parts = re.split(r"(\{[^}]+\})", template)
    return re.compile(
        "".join("[^/]+" if part.startswith("{") else re.escape(part) for part in parts)
    )


def _allowed_methods(request: Request) -> list[str]:
    """Every method the API's schema documents for the request's path."""
    methods: set[str] = set()
    for template, item in request.app.openapi().get("paths", {}).items():
        if _path_pattern(template).fullmatch(request.url.path):
            methods.update(m.upper() for m in item if m in HTTP_METHODS)
    return sorted(methods)


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    """FastAPI's answer, but a 405's ``Allow`` names every method the path is
    served with, not only those of the first of its routes that was tried."""
    if exc.status_code == status.HTTP_405_METHOD_NOT_ALLOWED and (
        allowed := _allowed_methods(request)
    ):
        headers = {**(exc.headers or {}), "Allow": ", ".join(allowed)}
        exc = StarletteHTTPException(exc.status_code, exc.detail, headers=headers)
    return await http_exception_handler(request, exc)


async def _unhandled(request: Request, _exc: Exception) -> JSONResponse:
    """Log the failure; tell the client nothing about the internals."""
    logger.exception("Unhandled error on %s %s", request.method, request.url.path)
    return JSONResponse(
        status_code=status.HTTP_500_INTERNAL_SERVER_ERROR,
        content={"detail": "Internal server error"},
    )


def register_error_handlers(app: FastAPI) -> None:
    """Install the JSON error handlers on the application."""
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(DataError, _data_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unhandled)
