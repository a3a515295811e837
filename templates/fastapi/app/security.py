"""Password hashing, access tokens and the current-user dependency."""

import uuid
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Annotated

import bcrypt
import jwt
from fastapi import Depends, HTTPException, status
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from app.config import get_settings
from app.database import get_db
from app.models.user import User

ACCESS_TOKEN_COOKIE = "access_token"
JWT_ALGORITHM = "HS256"

bearer_scheme = HTTPBearer(auto_error=False)
cookie_scheme = APIKeyCookie(name=ACCESS_TOKEN_COOKIE, auto_error=False)


@cache
def _dummy_hash() -> bytes:
    """Verified against when the e-mail is unknown, so both failures take as long."""
    return bcrypt.hashpw(
        b"timing-equaliser", bcrypt.gensalt(get_settings().bcrypt_rounds)
    )


def hash_password(password: str) -> str:
    """Hash with bcrypt; the schema has already capped the length at 72 bytes."""
    salt = bcrypt.gensalt(get_settings().bcrypt_rounds)
    return bcrypt.hashpw(password.encode("utf-8"), salt).decode("ascii")


def verify_password(password: str, password_hash: str | None) -> bool:
    """Check a password in constant time, also when there is no account."""
    candidate = password.encode("utf-8")
    if password_hash is None:
        bcrypt.checkpw(candidate, _dummy_hash())
        return False
    return bcrypt.checkpw(candidate, password_hash.encode("ascii"))


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
    db: Annotated[Session, Depends(get_db)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
    cookie: Annotated[str | None, Depends(cookie_scheme)],
) -> User:
    """The signed-in user, from the Authorization header or the session cookie."""
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
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]
DbSession = Annotated[Session, Depends(get_db)]
