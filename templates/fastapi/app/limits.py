"""The request body limit, enforced while the body is read."""

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOO_LARGE = "The request body is larger than this server accepts"


class BodyTooLarge(HTTPException):
    """Raised by the wrapped receive as soon as the body passes the limit."""

    def __init__(self) -> None:
        super().__init__(
            status_code=413, detail=TOO_LARGE, headers={"Connection": "close"}
        )


async def _answer_too_large(scope: Scope, receive: Receive, send: Send) -> None:
    response = JSONResponse(
        {"detail": TOO_LARGE}, status_code=413, headers={"Connection": "close"}
    )
    await response(scope, receive, send)


class BodySizeLimit:
    """Answer 413 to a request whose body is longer than ``max_bytes``.

    A declared Content-Length over the limit is refused before the
    application sees the request, so before authentication. A body without
    one (chunked) is counted as the application reads it, and reading stops
    at the limit: the rest is never read, whatever its size.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and (
            len(declared) > 18 or int(declared) > self.max_bytes
        ):
            await _answer_too_large(scope, receive, send)
            return

        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracked_send)
        except BodyTooLarge:
            if started:
                raise
            await _answer_too_large(scope, receive, send)
