"""Registration, login, logout and the current user."""

from fastapi import APIRouter, HTTPException, Response, status
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.config import get_settings
from app.models.user import User
from app.requests import StrictJSONRoute
from app.schemas.auth import Credentials, Token, UserResponse
{% if !p.fields.is_empty() %}from app.schemas.profile import ProfileUpdate
{% endif %}from app.security import (
    ACCESS_TOKEN_COOKIE,
    CurrentUser,
    DbSession,
    create_access_token,
    hash_password,
    verify_password,
)

router = APIRouter(prefix="/api/auth", tags=["auth"], route_class=StrictJSONRoute)


@router.post(
    "/register",
    response_model=UserResponse,
    status_code=status.HTTP_201_CREATED,
    operation_id="register",
)
def register(body: Credentials, db: DbSession) -> User:
    """Create an account. E-mail addresses are unique, ignoring case."""
    if db.scalar(select(User.id).where(User.email == body.email)) is not None:
        raise HTTPException(status_code=status.HTTP_409_CONFLICT, detail="Email already registered")
    user = User(email=body.email, password_hash=hash_password(body.password))
    db.add(user)
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        raise HTTPException(status_code=status.HTTP_409_CONFLICT, detail="Email already registered") from None
    return user


@router.post("/login", response_model=Token, operation_id="login")
def login(body: Credentials, response: Response, db: DbSession) -> Token:
    """Exchange credentials for a token, returned and set as an httpOnly cookie."""
    user = db.scalar(select(User).where(User.email == body.email))
    if not verify_password(body.password, user.password_hash if user else None) or user is None:
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="Incorrect email or password",
            headers={"WWW-Authenticate": "Bearer"},
        )
    token = create_access_token(user)
    settings = get_settings()
    response.set_cookie(
        ACCESS_TOKEN_COOKIE,
        token,
        max_age=settings.access_token_expire_minutes * 60,
        httponly=True,
        secure=settings.cookie_secure,
        samesite="lax",
    )
    return Token(access_token=token)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, operation_id="logout")
def logout(user: CurrentUser, response: Response, db: DbSession) -> None:
    """End the session: every token issued so far stops working."""
    user.token_version += 1
    db.commit()
    settings = get_settings()
    response.delete_cookie(
        ACCESS_TOKEN_COOKIE, httponly=True, secure=settings.cookie_secure, samesite="lax"
    )


@router.get("/me", response_model=UserResponse, operation_id="read_me")
def read_me(user: CurrentUser) -> User:
    """The signed-in user."""
    return user{% if !p.fields.is_empty() %}


@router.patch("/me", response_model=UserResponse, operation_id="update_me")
def update_me(body: ProfileUpdate, user: CurrentUser, db: DbSession) -> User:
    """Change the signed-in user's profile fields: only the fields sent."""
    for field, value in body.model_dump(exclude_unset=True).items():
        setattr(user, field, value)
    db.commit()
    db.refresh(user)
    return user{% endif %}
