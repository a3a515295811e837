"""Exception handlers: every error is answered with a JSON body."""

import logging
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError

logger = logging.getLogger(__name__)

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
    """A value the database refused (e.g. a NUL character in text)."""
    return JSONResponse(
        status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
        content={"detail": "The database refused a value in the request"},
    )


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
    app.add_exception_handler(Exception, _unhandled)
