"""Security headers on every response, and the origin check of requests
authenticated by the session cookie."""

from urllib.parse import urlsplit

from fastapi import HTTPException, Request, status
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.config import get_settings

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class SecurityHeaders:
    """Adds the security headers to every HTTP response.

    Every response: no content sniffing, no framing, no referrer. Responses of
    the API (under ``/api/``, the account's included): never stored by a cache.
    With the cookie marked Secure, the app is served over HTTPS only, so
    browsers are told to keep to HTTPS (HSTS).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_api = scope["path"].startswith("/api/")
        hsts = get_settings().cookie_secure

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["X-Frame-Options"] = "DENY"
                headers["Content-Security-Policy"] = "frame-ancestors 'none'"
                # The web pages send the referrer to the app itself (see
                # app.web.pages.render): without it, browsers send their
                # forms with "Origin: null", which the origin check refuses.
                headers.setdefault("Referrer-Policy", "no-referrer")
                if is_api:
                    headers["Cache-Control"] = "no-store"
                if hsts:
                    headers["Strict-Transport-Security"] = "max-age=63072000"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _origin_of(request: Request) -> str | None:
    origin = request.headers.get("origin")
    if origin is None:
        referer = request.headers.get("referer")
        if referer is None:
            return None
        parts = urlsplit(referer)
        origin = f"{parts.scheme}://{parts.netloc}"
    return origin.rstrip("/").lower()


def check_origin(request: Request) -> None:
    """403 unless a state-changing request authenticated by the cookie comes
    from the app's own origin or one of ``CORS_ORIGINS``.

    The cookie is SameSite=Lax, so another site cannot send it with a
    state-changing request, but a page of the same site (another subdomain)
    can: the browser's ``Origin`` header tells them apart.
    """
    if request.method in SAFE_METHODS:
        return
    origin = _origin_of(request)
    allowed = {o.rstrip("/").lower() for o in get_settings().cors_origins}
    host = request.headers.get("host", "").lower()
    if origin is not None and (
        origin in allowed or (host and urlsplit(origin).netloc == host)
    ):
        return
    raise HTTPException(
        status_code=status.HTTP_403_FORBIDDEN,
        detail="Cross-origin request refused: send it from the app's own origin, or with an Authorization header",
    )
