"""Access tokens and the current-user dependency."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Annotated

import jwt
from fastapi import Depends, HTTPException, Request, status
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from app.config import get_settings
from app.database import get_db
from app.headers import check_origin
from app.models.user import User

ACCESS_TOKEN_COOKIE = "access_token"
JWT_ALGORITHM = "HS256"

bearer_scheme = HTTPBearer(auto_error=False)
cookie_scheme = APIKeyCookie(name=ACCESS_TOKEN_COOKIE, auto_error=False)


def create_access_token(user: User) -> str:
    """A signed JWT naming the user and the token version it was issued for."""
    settings = get_settings()
    now = datetime.now(UTC)
    claims = {
        "sub": str(user.id),
        "ver": user.token_version,
        "iat": now,
        "exp": now + timedelta(minutes=settings.access_token_expire_minutes),
    }
    return jwt.encode(claims, settings.secret_key, algorithm=JWT_ALGORITHM)


def _unauthorized() -> HTTPException:
    return HTTPException(
        status_code=status.HTTP_401_UNAUTHORIZED,
        detail="Not authenticated",
        headers={"WWW-Authenticate": "Bearer"},
    )


def get_current_user(
    request: Request,
    db: Annotated[Session, Depends(get_db)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
    cookie: Annotated[str | None, Depends(cookie_scheme)],
) -> User:
    """The signed-in user, from the Authorization header or the session cookie.

    A state-changing request signed in by the cookie must come from the app's
    own origin (see ``check_origin``).
    """
    token = bearer.credentials if bearer is not None else cookie
    if not token:
        raise _unauthorized()
    try:
        claims = jwt.decode(
            token,
            get_settings().secret_key,
            algorithms=[JWT_ALGORITHM],
            options={"require": ["exp", "sub", "ver"]},
        )
        user_id = uuid.UUID(str(claims["sub"]))
    except (jwt.PyJWTError, ValueError):
        raise _unauthorized() from None
    user = db.get(User, user_id)
    if user is None or claims["ver"] != user.token_version:
        raise _unauthorized()
    if bearer is None:
        check_origin(request)
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]
DbSession = Annotated[Session, Depends(get_db)]
