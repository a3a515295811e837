"""The web pages, served by the same process as the API.

Each page reads and writes through the API's own code: the accounts' routes,
the create schemas and the owner-scoped helpers of ``app.crud``. Forms work
without JavaScript; every form carries a CSRF token (see ``app.web.csrf``).
"""

import uuid
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, HTTPException, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.exc import DataError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Mount
from starlette.types import Scope

from app.config import APP_TITLE
from app.crud import (
    commit_or_conflict,
    ensure_no_children,
    ensure_owned_references,
    ensure_unique,
    get_owned,
    list_owned,
)
from app.database import SessionLocal
from app.models.user import User
from app.routers.auth import change_password, login, logout, register
from app.schemas.auth import Credentials, PasswordChange, Registration
from app.security import ACCESS_TOKEN_COOKIE, DbSession, get_current_user
from app.web import csrf
from app.web.entities import (
    BY_NAME,
    ENTITIES,
    PROFILE_FIELDS,
    PROFILE_SCHEMA,
    STORIES,
    SUMMARY,
)
from app.web.fields import (
    EntityPages,
    FormErrors,
    Kind,
    display_text,
    errors_by_field,
    input_text,
    moment,
    read_form,
    validate,
)

HERE = Path(__file__).resolve().parent
PAGE_SIZE = 20
# A select lists at most this many rows to link to.
MAX_OPTIONS = 500

templates = Jinja2Templates(directory=HERE / "templates")
templates.env.globals.update(
    has_profile=bool(PROFILE_FIELDS),
    app_title=APP_TITLE,
    entities=ENTITIES,
    by_name=BY_NAME,
    Kind=Kind,
    display_text=display_text,
    moment=moment,
)


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    user: User | None,
    status_code: int = status.HTTP_200_OK,
) -> HTMLResponse:
    """A page, with a CSRF token for its forms; pages are never cached, as
    they show one user's rows."""
    token, new_seed = csrf.issue(request)
    response = templates.TemplateResponse(
        request,
        template,
        {"user": user, "csrf_token": token, **context},
        status_code=status_code,
    )
    csrf.remember(response, new_seed)
    response.headers["Cache-Control"] = "no-store"
    # Forms are sent with the page's origin, which the session's origin
    # check needs; other sites are still told nothing.
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def see_other(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=status.HTTP_303_SEE_OTHER)


def signed_in_user(request: Request, db: Session) -> User:
    """The user of the session cookie, with the API's checks; 401 when none."""
    return get_current_user(request, db, None, request.cookies.get(ACCESS_TOKEN_COOKIE))


def optional_user(request: Request, db: Session) -> User | None:
    try:
        return signed_in_user(request, db)
    except HTTPException as error:
        if error.status_code == status.HTTP_401_UNAUTHORIZED:
            return None
        raise


async def posted_form(request: Request) -> FormData:
    """The form of a POST, once its CSRF token is checked."""
    form = await request.form()
    csrf.verify(request, form)
    return form


def _detail_message(error: HTTPException) -> str:
    detail = error.detail
    if isinstance(detail, list) and detail and isinstance(detail[0], dict):
        return str(detail[0].get("msg", "The request was refused"))
    return str(detail)


# Accounts --------------------------------------------------------------------

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def home(request: Request, db: DbSession) -> HTMLResponse:
    """Signed out: what the app is for. Signed in: the user's counts and stories."""
    user = optional_user(request, db)
    counts: list[tuple[EntityPages, int]] = []
    if user is not None:
        for entity in ENTITIES:
            model: Any = entity.model
            total = db.scalar(
                select(func.count()).select_from(model).where(model.user_id == user.id)
            )
            counts.append((entity, total or 0))
    return render(
        request,
        "home.html",
        {"counts": counts, "stories": STORIES, "summary": SUMMARY},
        user,
    )


def _account_form(
    request: Request,
    template: str,
    typed: dict[str, str],
    errors: FormErrors,
    status_code: int = status.HTTP_200_OK,
    user: User | None = None,
) -> HTMLResponse:
    return render(
        request, template, {"typed": typed, "errors": errors}, user, status_code
    )


@router.get("/sign-up", response_class=HTMLResponse)
def sign_up_page(request: Request) -> HTMLResponse:
    return _account_form(request, "sign_up.html", {"email": ""}, {})


@router.post("/sign-up", response_class=HTMLResponse)
async def sign_up(request: Request, db: DbSession) -> Response:
    """Create the account with the API's rules, then sign it in."""
    form = await posted_form(request)
    typed = {"email": str(form.get("email", ""))}
    fields = {"email": typed["email"], "password": str(form.get("password", ""))}
    try:
        registration = Registration.model_validate(fields)
        await register(registration, request, db)
        response = see_other("/")
        await login(Credentials.model_validate(fields), request, response, db)
    except ValidationError as error:
        return _account_form(
            request, "sign_up.html", typed, errors_by_field(error), 422
        )
    except HTTPException as error:
        field = {status.HTTP_409_CONFLICT: "email", 422: "password"}.get(
            error.status_code, ""
        )
        return _account_form(
            request,
            "sign_up.html",
            typed,
            {field: _detail_message(error)},
            error.status_code,
        )
    return response


@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_page(request: Request) -> HTMLResponse:
    return _account_form(request, "sign_in.html", {"email": ""}, {})


@router.post("/sign-in", response_class=HTMLResponse)
async def sign_in(request: Request, db: DbSession) -> Response:
    form = await posted_form(request)
    typed = {"email": str(form.get("email", ""))}
    fields = {"email": typed["email"], "password": str(form.get("password", ""))}
    response = see_other("/")
    try:
        await login(Credentials.model_validate(fields), request, response, db)
    except ValidationError:
        return _account_form(
            request, "sign_in.html", typed, {"": "Incorrect email or password"}, 401
        )
    except HTTPException as error:
        return _account_form(
            request,
            "sign_in.html",
            typed,
            {"": _detail_message(error)},
            error.status_code,
        )
    return response


@router.post("/sign-out")
async def sign_out(request: Request, db: DbSession) -> Response:
    """End the session as the API's logout does: every token issued so far stops working."""
    await posted_form(request)
    response = see_other("/")
    user = await run_in_threadpool(optional_user, request, db)
    if user is not None:
        await run_in_threadpool(logout, user, response, db)
    return response


@router.get("/account/password", response_class=HTMLResponse)
def password_page(request: Request, db: DbSession) -> HTMLResponse:
    user = signed_in_user(request, db)
    return _account_form(request, "password.html", {}, {}, user=user)


@router.post("/account/password", response_class=HTMLResponse)
async def password_change(request: Request, db: DbSession) -> Response:
    form = await posted_form(request)
    user = await run_in_threadpool(signed_in_user, request, db)
    fields = {
        name: str(form.get(name, "")) for name in ("current_password", "new_password")
    }
    response = see_other("/")
    try:
        await change_password(
            PasswordChange.model_validate(fields), request, response, user, db
        )
    except ValidationError as error:
        return _account_form(
            request, "password.html", {}, errors_by_field(error), 422, user
        )
    except HTTPException as error:
        field = {400: "current_password", 422: "new_password"}.get(
            error.status_code, ""
        )
        return _account_form(
            request,
            "password.html",
            {},
            {field: _detail_message(error)},
            error.status_code,
            user,
        )
    return response


def _save_profile(db: Session, user: User, values: dict[str, Any]) -> None:
    """Store the profile fields, as the API's PATCH /api/auth/me does."""
    for name, value in values.items():
        setattr(user, name, value)
    db.commit()


def profile_router() -> APIRouter:
    """The page of the account's profile fields."""
    pages = APIRouter()

    def profile_form(
        request: Request,
        user: User,
        typed: dict[str, str],
        errors: FormErrors,
        saved: bool = False,
        status_code: int = status.HTTP_200_OK,
    ) -> HTMLResponse:
        context = {
            "fields": PROFILE_FIELDS,
            "typed": typed,
            "errors": errors,
            "saved": saved,
        }
        return render(request, "profile.html", context, user, status_code)

    @pages.get("/account/profile", response_class=HTMLResponse)
    def profile_page(request: Request, db: DbSession) -> HTMLResponse:
        user = signed_in_user(request, db)
        typed = {
            spec.name: input_text(spec, getattr(user, spec.name))
            for spec in PROFILE_FIELDS
        }
        return profile_form(request, user, typed, {})

    @pages.post("/account/profile", response_class=HTMLResponse)
    async def profile_change(request: Request, db: DbSession) -> Response:
        form = await posted_form(request)
        user = await run_in_threadpool(signed_in_user, request, db)
        values, typed = read_form(PROFILE_FIELDS, form)
        clean, errors = validate(PROFILE_SCHEMA, values)  # type: ignore[arg-type]
        if clean is None:
            return profile_form(
                request,
                user,
                typed,
                errors,
                status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
            )
        await run_in_threadpool(_save_profile, db, user, clean)
        return profile_form(request, user, typed, {}, saved=True)

    return pages


# Entities --------------------------------------------------------------------


def _owned_rows(
    db: Session, entity: EntityPages, user_id: uuid.UUID, ids: set[Any] | None = None
) -> list[Any]:
    model: Any = entity.model
    query = select(model).where(model.user_id == user_id)
    if ids is not None:
        query = query.where(model.id.in_(ids))
    return list(
        db.scalars(query.order_by(model.created_at, model.id).limit(MAX_OPTIONS))
    )


def link_options(
    db: Session, entity: EntityPages, user_id: uuid.UUID
) -> dict[str, list[tuple[str, str]]]:
    """For each link, the user's rows it may point to: (id, label)."""
    options: dict[str, list[tuple[str, str]]] = {}
    for spec in entity.links:
        target = BY_NAME[spec.link or ""]
        options[spec.name] = [
            (str(row.id), target.label_of(row))
            for row in _owned_rows(db, target, user_id)
        ]
    return options


def link_labels(
    db: Session, entity: EntityPages, user_id: uuid.UUID, rows: list[Any]
) -> dict[str, dict[Any, str]]:
    """For each link, the labels of the rows the given rows point to."""
    labels: dict[str, dict[Any, str]] = {}
    for spec in entity.links:
        target = BY_NAME[spec.link or ""]
        ids = {getattr(row, spec.name) for row in rows} - {None}
        found = _owned_rows(db, target, user_id, ids) if ids else []
        labels[spec.name] = {row.id: target.label_of(row) for row in found}
    return labels


def _item_id(text: str, entity: EntityPages) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise HTTPException(
            status_code=404, detail=f"{entity.name} not found"
        ) from None


def check_rules(
    db: Session,
    entity: EntityPages,
    user_id: uuid.UUID,
    values: dict[str, Any],
    row: Any = None,
) -> FormErrors:
    """The API's checks of a change, each reported beside its field: links to
    the user's own rows, and unique values."""
    errors: FormErrors = {}
    for reference in entity.references:
        try:
            ensure_owned_references(db, user_id, values, (reference,), row)
        except HTTPException as error:
            errors[reference[0]] = _detail_message(error).capitalize()
    for group in entity.unique:
        try:
            ensure_unique(
                db,
                entity.model,
                user_id,
                values,
                (group,),
                entity.case_insensitive,
                exclude_id=row.id if row is not None else None,
            )
        except HTTPException:
            names = " and ".join(
                entity.field_named(name).label.lower() for name in group
            )
            errors.setdefault(group[0], f"Another {entity.singular} has this {names}")
    return errors


def save(
    db: Session,
    entity: EntityPages,
    user: User,
    values: dict[str, Any],
    row: Any = None,
) -> tuple[Any, FormErrors]:
    """Store a new row or the changed one; the errors when the rules refuse it."""
    errors = check_rules(db, entity, user.id, values, row)
    if errors:
        return None, errors
    if row is None:
        row = entity.model(**values, user_id=user.id)
        db.add(row)
    else:
        for name, value in values.items():
            setattr(row, name, value)
    try:
        commit_or_conflict(db)
    except HTTPException as error:
        return None, {"": _detail_message(error)}
    except DataError:
        db.rollback()
        return None, {"": "The database refused a value in the form"}
    return row, {}


def entity_router(entity: EntityPages) -> APIRouter:
    """The list, detail, create, edit and delete pages of one entity."""
    pages = APIRouter(prefix=entity.path)

    def form_page(
        request: Request,
        db: Session,
        user: User,
        typed: dict[str, str],
        errors: FormErrors,
        row: Any = None,
        status_code: int = status.HTTP_200_OK,
    ) -> HTMLResponse:
        return render(
            request,
            "form.html",
            {
                "entity": entity,
                "row": row,
                "typed": typed,
                "errors": errors,
                "options": link_options(db, entity, user.id),
            },
            user,
            status_code,
        )

    @pages.get("", response_class=HTMLResponse)
    def list_page(
        request: Request,
        db: DbSession,
        page: Annotated[int, Query(ge=1, le=100000)] = 1,
    ) -> HTMLResponse:
        user = signed_in_user(request, db)
        chosen = {
            spec.name: request.query_params.get(spec.name, "") for spec in entity.links
        }
        filters: dict[str, Any] = {}
        for name, text in chosen.items():
            if text:
                filters[name] = _item_id(text, entity)
        rows, total, _ = list_owned(
            db,
            entity.model,
            user.id,
            PAGE_SIZE,
            (page - 1) * PAGE_SIZE,
            filters,
            newest_first=True,
        )
        query = "".join(f"&{name}={text}" for name, text in chosen.items() if text)
        return render(
            request,
            "list.html",
            {
                "entity": entity,
                "rows": rows,
                "total": total,
                "page": page,
                "pages": max(1, -(-total // PAGE_SIZE)),
                "query": query,
                "chosen": chosen,
                "options": link_options(db, entity, user.id),
                "labels": link_labels(db, entity, user.id, rows),
                "columns": [entity.field_named(name) for name in entity.list_fields],
            },
            user,
        )

    @pages.get("/new", response_class=HTMLResponse)
    def new_page(request: Request, db: DbSession) -> HTMLResponse:
        user = signed_in_user(request, db)
        typed = {spec.name: spec.default for spec in entity.fields}
        return form_page(request, db, user, typed, {})

    @pages.post("/new", response_class=HTMLResponse)
    async def create(request: Request, db: DbSession) -> Response:
        form = await posted_form(request)
        user = await run_in_threadpool(signed_in_user, request, db)
        values, typed = read_form(entity.fields, form)
        clean, errors = validate(entity.schema, values)
        if clean is not None:
            row, errors = await run_in_threadpool(save, db, entity, user, clean)
            if not errors:
                return see_other(f"{entity.path}/{row.id}")
        return await run_in_threadpool(
            form_page,
            request,
            db,
            user,
            typed,
            errors,
            None,
            status.HTTP_422_UNPROCESSABLE_CONTENT,
        )

    @pages.get("/{item_id}", response_class=HTMLResponse)
    def detail_page(item_id: str, request: Request, db: DbSession) -> HTMLResponse:
        user = signed_in_user(request, db)
        row = get_owned(db, entity.model, user.id, _item_id(item_id, entity))
        return render(
            request,
            "detail.html",
            {
                "entity": entity,
                "row": row,
                "labels": link_labels(db, entity, user.id, [row]),
            },
            user,
        )

    @pages.get("/{item_id}/edit", response_class=HTMLResponse)
    def edit_page(item_id: str, request: Request, db: DbSession) -> HTMLResponse:
        user = signed_in_user(request, db)
        row = get_owned(db, entity.model, user.id, _item_id(item_id, entity))
        typed = {
            spec.name: input_text(spec, getattr(row, spec.name))
            for spec in entity.fields
        }
        return form_page(request, db, user, typed, {}, row)

    @pages.post("/{item_id}/edit", response_class=HTMLResponse)
    async def edit(item_id: str, request: Request, db: DbSession) -> Response:
        form = await posted_form(request)
        user = await run_in_threadpool(signed_in_user, request, db)
        row = await run_in_threadpool(
            get_owned, db, entity.model, user.id, _item_id(item_id, entity)
        )
        values, typed = read_form(entity.fields, form)
        clean, errors = validate(entity.schema, values)
        if clean is not None:
            _, errors = await run_in_threadpool(save, db, entity, user, clean, row)
            if not errors:
                return see_other(f"{entity.path}/{row.id}")
        return await run_in_threadpool(
            form_page,
            request,
            db,
            user,
            typed,
            errors,
            row,
            status.HTTP_422_UNPROCESSABLE_CONTENT,
        )

    @pages.get("/{item_id}/delete", response_class=HTMLResponse)
    def delete_page(item_id: str, request: Request, db: DbSession) -> HTMLResponse:
        user = signed_in_user(request, db)
        row = get_owned(db, entity.model, user.id, _item_id(item_id, entity))
        return render(
            request, "delete.html", {"entity": entity, "row": row, "error": ""}, user
        )

    def _delete(db: Session, user: User, item_id: uuid.UUID) -> tuple[Any, str]:
        row = get_owned(db, entity.model, user.id, item_id)
        try:
            ensure_no_children(db, row.id, entity.children)
            db.delete(row)
            commit_or_conflict(db)
        except HTTPException:
            db.rollback()
            return (
                row,
                f"This {entity.singular} cannot be deleted while other rows link to it; delete or change those first.",
            )
        return None, ""

    @pages.post("/{item_id}/delete", response_class=HTMLResponse)
    async def delete(item_id: str, request: Request, db: DbSession) -> Response:
        await posted_form(request)
        user = await run_in_threadpool(signed_in_user, request, db)
        row, error = await run_in_threadpool(
            _delete, db, user, _item_id(item_id, entity)
        )
        if row is None:
            return see_other(entity.path)
        return render(
            request,
            "delete.html",
            {"entity": entity, "row": row, "error": error},
            user,
            status.HTTP_409_CONFLICT,
        )

    return pages


# The application ---------------------------------------------------------------


def _user_of_error_page(request: Request) -> User | None:
    """The signed-in user, so that an error page keeps the navigation; none
    when the session cannot be read."""
    with SessionLocal() as db:
        try:
            return optional_user(request, db)
        except HTTPException:
            return None


class PagesMount(Mount):
    """Where the pages are: every path but the API's, whose unknown paths and
    methods keep the API's JSON answers (404, 405)."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        path = scope.get("path", "")
        if path == "/api" or path.startswith("/api/"):
            return Match.NONE, {}
        return super().matches(scope)


async def _error_page(request: Request, error: StarletteHTTPException) -> Response:
    """Errors as pages: signed out, the sign-in page; otherwise a page that
    says what went wrong."""
    if error.status_code == status.HTTP_401_UNAUTHORIZED:
        return see_other("/sign-in")
    titles = {403: "Not allowed", 404: "Not found", 405: "Not found"}
    code = status.HTTP_404_NOT_FOUND if error.status_code == 405 else error.status_code
    message = (
        "There is no such page, or it is not yours."
        if code == status.HTTP_404_NOT_FOUND
        else _detail_message(error)  # type: ignore[arg-type]
    )
    user = await run_in_threadpool(_user_of_error_page, request)
    return render(
        request,
        "error.html",
        {"title": titles.get(code, "Something went wrong"), "message": message},
        user,
        code,
    )


def create_web_app() -> FastAPI:
    """The pages as an application of their own, mounted under the API's:
    its own error pages, and no OpenAPI document."""
    web = FastAPI(
        docs_url=None, redoc_url=None, openapi_url=None, redirect_slashes=False
    )
    web.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    web.include_router(router)
    if PROFILE_FIELDS:
        web.include_router(profile_router())
    for entity in ENTITIES:
        web.include_router(entity_router(entity))
    web.add_exception_handler(StarletteHTTPException, _error_page)  # type: ignore[arg-type]
    return web
