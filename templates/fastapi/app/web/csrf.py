"""Tokens that prove a form was sent from one of the app's own pages.

The browser keeps a random value in a cookie; each form carries a token
derived from it with the secret key. A page of another site can neither read
the cookie nor make a token for a cookie it planted, so its forms are refused.
"""

import hashlib
import hmac
import secrets

from fastapi import HTTPException, Request, status
from starlette.datastructures import FormData
from starlette.responses import Response

from app.config import get_settings

CSRF_COOKIE = "csrf_seed"
CSRF_FIELD = "csrf_token"
_SEED_LENGTH = 43  # secrets.token_urlsafe(32)


def _seed_of(request: Request) -> str | None:
    seed = request.cookies.get(CSRF_COOKIE)
    return seed if seed is not None and len(seed) == _SEED_LENGTH else None


def _token_for(seed: str) -> str:
    key = get_settings().secret_key.encode()
    return hmac.new(key, f"csrf:{seed}".encode(), hashlib.sha256).hexdigest()


def issue(request: Request) -> tuple[str, str | None]:
    """The token for the page's forms, and the new seed to set as a cookie
    when the browser has none yet."""
    seed = _seed_of(request)
    if seed is not None:
        return _token_for(seed), None
    seed = secrets.token_urlsafe(32)
    return _token_for(seed), seed


def remember(response: Response, new_seed: str | None) -> None:
    """Set the seed cookie that :func:`issue` made, if it made one."""
    if new_seed is None:
        return
    response.set_cookie(
        CSRF_COOKIE,
        new_seed,
        httponly=True,
        secure=get_settings().cookie_secure,
        samesite="strict",
    )


def verify(request: Request, form: FormData) -> None:
    """403 unless the form's token matches the browser's seed."""
    seed = _seed_of(request)
    sent = form.get(CSRF_FIELD)
    if (
        seed is None
        or not isinstance(sent, str)
        or not hmac.compare_digest(sent, _token_for(seed))
    ):
        raise HTTPException(
            status_code=status.HTTP_403_FORBIDDEN,
            detail="The form has expired or was not sent from this site; reload the page and try again.",
        )
