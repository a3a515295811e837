"""Owner-scoped persistence helpers shared by every resource router."""

import uuid
from typing import Any, TypeVar

from fastapi import HTTPException, status
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.database import Base

ModelT = TypeVar("ModelT", bound=Base)


def list_owned(
    db: Session, model: type[ModelT], user_id: uuid.UUID, limit: int, offset: int
) -> tuple[list[ModelT], int]:
    """One page of the user's rows in a stable order, and the total count."""
    owned = model.user_id == user_id  # type: ignore[attr-defined]
    total = db.scalar(select(func.count()).select_from(model).where(owned)) or 0
    rows = db.scalars(
        select(model)
        .where(owned)
        .order_by(model.created_at, model.id)  # type: ignore[attr-defined]
        .limit(limit)
        .offset(offset)
    ).all()
    return list(rows), total


def get_owned(db: Session, model: type[ModelT], user_id: uuid.UUID, item_id: uuid.UUID) -> ModelT:
    """The user's row with this id; another user's row is reported as missing."""
    row = db.scalar(
        select(model).where(model.id == item_id, model.user_id == user_id)  # type: ignore[attr-defined]
    )
    if row is None:
        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail=f"{model.__name__} not found")
    return row


def ensure_unique(
    db: Session,
    model: type[ModelT],
    user_id: uuid.UUID,
    values: dict[str, Any],
    unique_fields: tuple[str, ...],
    exclude_id: uuid.UUID | None = None,
) -> None:
    """Answer 409 if another of the user's rows already holds a unique value."""
    for field in unique_fields:
        value = values.get(field)
        if value is None:
            continue
        query = select(model.id).where(  # type: ignore[attr-defined]
            model.user_id == user_id,  # type: ignore[attr-defined]
            getattr(model, field) == value,
        )
        if exclude_id is not None:
            query = query.where(model.id != exclude_id)  # type: ignore[attr-defined]
        if db.scalar(query.limit(1)) is not None:
            raise HTTPException(
                status_code=status.HTTP_409_CONFLICT,
                detail=f"{model.__name__} with this {field} already exists",
            )


def commit_or_conflict(db: Session) -> None:
    """Commit; a constraint violation that slipped past the checks becomes 409."""
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        raise HTTPException(
            status_code=status.HTTP_409_CONFLICT, detail="The change conflicts with existing data"
        ) from None
