"""Owner-scoped persistence helpers shared by every resource router."""

import uuid
from typing import Any, TypeVar

from fastapi import HTTPException, status
from pydantic import BaseModel
from sqlalchemy import func, select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.cursors import Position
from app.database import Base

ModelT = TypeVar("ModelT", bound=Base)
SchemaT = TypeVar("SchemaT", bound=BaseModel)


def list_owned(
    db: Session,
    model: type[ModelT],
    user_id: uuid.UUID,
    limit: int,
    offset: int,
    filters: dict[str, Any] | None = None,
    newest_first: bool = False,
    after: Position | None = None,
    sort: str = "created_at",
    count: bool = True,
) -> tuple[list[ModelT], int | None, bool]:
    """One page of the user's rows in a stable order (oldest first, or
    newest first for the pages), the total count (None unless ``count``:
    counting reads every index entry of the user's rows, so it is the one
    part of a page that grows with the list; a page that reaches the end of
    the list has it without counting), and whether more rows follow.

    ``filters`` narrows the list to rows whose link columns hold the given ids;
    ``after`` starts it after the row at that position of the order; ``sort``
    names an indexed field to order the rows by first. Each of these queries
    is served by one of the table's indexes (user_id, or a link column and
    user_id, then the sort's field, created_at and id), so a page by cursor
    costs the same at any depth of the list.
    """
    conditions = [model.user_id == user_id]  # type: ignore[attr-defined]
    for column, value in (filters or {}).items():
        if value is not None:
            conditions.append(getattr(model, column) == value)
    order = (model.created_at, model.id)  # type: ignore[attr-defined]
    on_page = conditions if after is None else [*conditions, tuple_(*order) > after]
    if sort != "created_at":
        order = (getattr(model, sort), *order)
    # One row more than the page tells whether another page follows.
    rows = db.scalars(
        select(model)
        .where(*on_page)
        .order_by(*(column.desc() for column in order) if newest_first else order)
        .limit(limit + 1)
        .offset(offset)
    ).all()
    more = len(rows) > limit
    total = None
    if count:
        if after is None and not more and (rows or offset == 0):
            # The page holds the end of the list, and the offset the rows
            # before it: nothing is left to count (a list that fits on one
            # page, the commonest, costs one query).
            total = offset + len(rows)
        else:
            total = (
                db.scalar(select(func.count()).select_from(model).where(*conditions))
                or 0
            )
    return list(rows[:limit]), total, more


def get_owned(
    db: Session, model: type[ModelT], user_id: uuid.UUID, item_id: uuid.UUID
) -> ModelT:
    """The user's row with this id; another user's row is reported as missing."""
    row = db.scalar(
        select(model).where(model.id == item_id, model.user_id == user_id)  # type: ignore[attr-defined]
    )
    if row is None:
        raise HTTPException(
            status_code=status.HTTP_404_NOT_FOUND, detail=f"{model.__name__} not found"
        )
    return row


def _invalid_link(column: str, message: str) -> HTTPException:
    """A 422 shaped like a validation error of the link's field."""
    return HTTPException(
        status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
        detail=[{"type": "invalid_link", "loc": ["body", column], "msg": message}],
    )


def ensure_owned_references(
    db: Session,
    user_id: uuid.UUID,
    values: dict[str, Any],
    references: tuple[tuple[str, type[Any]], ...],
    row: Any = None,
) -> None:
    """Answer 422 unless every linked row exists and belongs to the user, and
    is not the row being changed itself."""
    for column, target in references:
        value = values.get(column)
        if value is None:
            continue
        if row is not None and isinstance(row, target) and value == row.id:
            raise _invalid_link(column, f"a {target.__name__} cannot link to itself")
        found = db.scalar(
            select(target.id)
            .where(target.id == value, target.user_id == user_id)
            .limit(1)
        )
        if found is None:
            raise _invalid_link(column, f"no {target.__name__} with this id")


def current_values(row: Any, groups: tuple[tuple[str, ...], ...]) -> dict[str, Any]:
    """The row's values of every field in a unique group."""
    return {field: getattr(row, field) for group in groups for field in group}


def ensure_unique(
    db: Session,
    model: type[ModelT],
    user_id: uuid.UUID,
    values: dict[str, Any],
    groups: tuple[tuple[str, ...], ...],
    case_insensitive: tuple[str, ...] = (),
    exclude_id: uuid.UUID | None = None,
) -> None:
    """Answer 409 if another of the user's rows holds the same values of a
    unique field or of every field of a unique group; the fields named in
    ``case_insensitive`` (e-mail addresses) compare lower-cased."""
    for group in groups:
        group_values = [values.get(field) for field in group]
        if any(value is None for value in group_values):
            continue
        same = [
            func.lower(getattr(model, field)) == value.lower()
            if field in case_insensitive
            else getattr(model, field) == value
            for field, value in zip(group, group_values, strict=True)
        ]
        query = select(model.id).where(model.user_id == user_id, *same)  # type: ignore[attr-defined]
        if exclude_id is not None:
            query = query.where(model.id != exclude_id)  # type: ignore[attr-defined]
        if db.scalar(query.limit(1)) is not None:
            raise HTTPException(
                status_code=status.HTTP_409_CONFLICT,
                detail=f"{model.__name__} with this {', '.join(group)} already exists",
            )


def ensure_no_children(
    db: Session, item_id: uuid.UUID, children: tuple[tuple[type[Any], str], ...]
) -> None:
    """Answer 409 while rows still hold a required link to this one."""
    for child, column in children:
        found = db.scalar(
            select(child.id).where(getattr(child, column) == item_id).limit(1)
        )
        if found is not None:
            raise HTTPException(
                status_code=status.HTTP_409_CONFLICT,
                detail=f"Still linked from {child.__name__}.{column}; delete or move those first",
            )


def save_and_read_back(db: Session, row: Base, schema: type[SchemaT]) -> SchemaT:
    """Write the row, read it back, and commit only once the answer is built
    from what was read: the answer is what a later read returns, and a row
    that could not be answered is never committed."""
    try:
        db.flush()
    except IntegrityError:
        db.rollback()
        raise HTTPException(
            status_code=status.HTTP_409_CONFLICT,
            detail="The change conflicts with existing data",
        ) from None
    db.refresh(row)
    answer = schema.model_validate(row)
    commit_or_conflict(db)
    return answer


def commit_or_conflict(db: Session) -> None:
    """Commit; a constraint violation that slipped past the checks becomes 409."""
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        raise HTTPException(
            status_code=status.HTTP_409_CONFLICT,
            detail="The change conflicts with existing data",
        ) from None
