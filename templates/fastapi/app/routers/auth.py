"""Registration, login, logout, password change and the current user.

Register, login and password change are asynchronous: they wait for the
password hashing threads (see ``app.passwords``) without holding a thread
that serves other requests, and do their database work on those threads.
"""

from fastapi import APIRouter, HTTPException, Request, Response, status
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import throttle
from app.config import get_settings
from app.errors import error_responses
from app.models.user import User
from app.passwords import hash_password, password_weakness, verify_password
from app.requests import StrictJSONRoute
from app.schemas.auth import (
    Credentials,
    PasswordChange,
    Registration,
    Token,
    UserResponse,
)
{% if !p.fields.is_empty() %}from app.schemas.profile import ProfileUpdate
{% endif %}from app.security import (
    ACCESS_TOKEN_COOKIE,
    CurrentUser,
    DbSession,
    create_access_token,
)

router = APIRouter(prefix="/api/auth", tags=["auth"], route_class=StrictJSONRoute)


def _email_taken() -> HTTPException:
    return HTTPException(
        status_code=status.HTTP_409_CONFLICT, detail="Email already registered"
    )


def _weak_password(field: str, reason: str) -> HTTPException:
    """A 422 shaped like a validation error of the field."""
    return HTTPException(
        status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
        detail=[{"type": "weak_password", "loc": ["body", field], "msg": reason}],
    )


def _set_session_cookie(response: Response, token: str) -> None:
    settings = get_settings()
    response.set_cookie(
        ACCESS_TOKEN_COOKIE,
        token,
        max_age=settings.access_token_expire_minutes * 60,
        httponly=True,
        secure=settings.cookie_secure,
        samesite="lax",
    )


def _is_registered(db: Session, email: str) -> bool:
    registered = db.scalar(select(User.id).where(User.email == email)) is not None
    _release(db)
    return registered


def _release(db: Session) -> None:
    """End the session's read-only transaction, so that it holds no database
    connection while it waits for the password hashing threads (loaded rows
    stay as they are)."""
    db.commit()


def _add_user(db: Session, email: str, password_hash: str) -> User:
    user = User(email=email, password_hash=password_hash)
    db.add(user)
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        raise _email_taken() from None
    return user


@router.post(
    "/register",
    response_model=UserResponse,
    status_code=status.HTTP_201_CREATED,
    operation_id="register",
    responses={{ crate::targets::fastapi::api::auth_responses("register") }},
)
async def register(body: Registration, request: Request, db: DbSession) -> User:
    """Create an account. E-mail addresses are unique, ignoring case."""
    await run_in_threadpool(
        throttle.hit_register, db, body.email, throttle.client_address(request)
    )
    if await run_in_threadpool(_is_registered, db, body.email):
        raise _email_taken()
    reason = await password_weakness(body.password, body.email)
    if reason is not None:
        raise _weak_password("password", reason)
    password_hash = await hash_password(body.password)
    return await run_in_threadpool(_add_user, db, body.email, password_hash)


def _find_user(db: Session, email: str) -> User | None:
    user = db.scalar(select(User).where(User.email == email))
    _release(db)
    return user


def _signed_in(db: Session, user: User, address: str, new_hash: str | None) -> None:
    """Forget the attempt's hits; store the upgraded hash, if any."""
    throttle.login_succeeded(db, user.email, address)
    if new_hash is not None:
        user.password_hash = new_hash
    db.commit()


@router.post(
    "/login",
    response_model=Token,
    operation_id="login",
    responses={{ crate::targets::fastapi::api::auth_responses("login") }},
)
async def login(
    body: Credentials, request: Request, response: Response, db: DbSession
) -> Token:
    """Exchange credentials for a token, returned and set as an httpOnly cookie."""
    address = throttle.client_address(request)
    await run_in_threadpool(throttle.hit_login, db, body.email, address)
    user = await run_in_threadpool(_find_user, db, body.email)
    verdict = await verify_password(body.password, user.password_hash if user else None)
    if user is None or not verdict.ok:
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="Incorrect email or password",
            headers={"WWW-Authenticate": "Bearer"},
        )
    await run_in_threadpool(_signed_in, db, user, address, verdict.new_hash)
    token = create_access_token(user)
    _set_session_cookie(response, token)
    return Token(access_token=token)


def _password_changed(db: Session, user: User, address: str, new_hash: str) -> None:
    """Store the new hash and end every token issued so far."""
    throttle.login_succeeded(db, user.email, address)
    user.password_hash = new_hash
    user.token_version += 1
    db.commit()


@router.post(
    "/password",
    response_model=Token,
    operation_id="change_password",
    responses={{ crate::targets::fastapi::api::auth_responses("change_password") }},
)
async def change_password(
    body: PasswordChange,
    request: Request,
    response: Response,
    user: CurrentUser,
    db: DbSession,
) -> Token:
    """Change the password: tokens issued before end; the answer holds a new one."""
    address = throttle.client_address(request)
    await run_in_threadpool(throttle.hit_login, db, user.email, address)
    verdict = await verify_password(body.current_password, user.password_hash)
    if not verdict.ok:
        raise HTTPException(
            status_code=status.HTTP_400_BAD_REQUEST, detail="Incorrect current password"
        )
    reason = await password_weakness(body.new_password, user.email)
    if reason is not None:
        raise _weak_password("new_password", reason)
    new_hash = await hash_password(body.new_password)
    await run_in_threadpool(_password_changed, db, user, address, new_hash)
    token = create_access_token(user)
    _set_session_cookie(response, token)
    return Token(access_token=token)


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="logout",
    responses={{ crate::targets::fastapi::api::auth_responses("logout") }},
)
def logout(user: CurrentUser, response: Response, db: DbSession) -> None:
    """End the session: every token issued so far stops working."""
    user.token_version += 1
    db.commit()
    settings = get_settings()
    response.delete_cookie(
        ACCESS_TOKEN_COOKIE,
        httponly=True,
        secure=settings.cookie_secure,
        samesite="lax",
    )


@router.get(
    "/me",
    response_model=UserResponse,
    operation_id="read_me",
    responses={{ crate::targets::fastapi::api::auth_responses("read_me") }},
)
def read_me(user: CurrentUser) -> User:
    """The signed-in user."""
    return user{% if !p.fields.is_empty() %}


@router.patch(
    "/me",
    response_model=UserResponse,
    operation_id="update_me",
    responses={{ crate::targets::fastapi::api::auth_responses("update_me") }},
)
def update_me(body: ProfileUpdate, user: CurrentUser, db: DbSession) -> User:
    """Change the signed-in user's profile fields: only the fields sent."""
    for field, value in body.model_dump(exclude_unset=True).items():
        setattr(user, field, value)
    db.commit()
    db.refresh(user)
    return user{% endif %}
