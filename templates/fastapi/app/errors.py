"""Exception handlers: every error is answered with a JSON body."""

import logging

from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError

logger = logging.getLogger(__name__)


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
    app.add_exception_handler(DataError, _data_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unhandled)
