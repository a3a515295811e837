"""CRUD endpoints for {{ e.plural_label|py_doc }}, scoped to the signed-in user."""

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, status

from app.crud import (
    commit_or_conflict,
    current_values,
    ensure_no_children,
    ensure_owned_references,
    ensure_unique,
    get_owned,
    list_owned,
)
{{ e.router_imports }}
{{ e.router_schema_import }}
from app.security import CurrentUser, DbSession

router = APIRouter(prefix="{{ e.url }}", tags=["{{ e.tag }}"])

UNIQUE: tuple[tuple[str, ...], ...] = ({{ e.unique_tuple_groups }})
REFERENCES: tuple[tuple[str, type[Any]], ...] = ({{ e.reference_tuple }})
CHILDREN: tuple[tuple[type[Any], str], ...] = ({{ e.children_tuple }})


@router.get("", response_model={{ e.name }}Page, operation_id="list_{{ e.plural }}")
def list_{{ e.plural }}(
    user: CurrentUser,
    db: DbSession,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    offset: Annotated[int, Query(ge=0, le=2**63 - 1)] = 0,
{% for r in e.references() %}    {{ r.name }}: UUID | None = None,
{% endfor %}) -> {{ e.name }}Page:
    """List the signed-in user's {{ e.plural_label|py_doc }}, oldest first."""
    filters: dict[str, Any] = {{ "{" }}{% for r in e.references() %}"{{ r.name }}": {{ r.name }}{% if !loop.last %}, {% endif %}{% endfor %}{{ "}" }}
    rows, total = list_owned(db, {{ e.name }}, user.id, limit, offset, filters)
    return {{ e.name }}Page(
        items=[{{ e.name }}Response.model_validate(row) for row in rows],
        total=total,
        limit=limit,
        offset=offset,
    )


@router.post(
    "",
    response_model={{ e.name }}Response,
    status_code=status.HTTP_201_CREATED,
    operation_id="create_{{ e.snake }}",
)
def create_{{ e.snake }}(body: {{ e.name }}Create, user: CurrentUser, db: DbSession) -> {{ e.name }}:
    """Create one {{ e.label|py_doc }} owned by the signed-in user."""
    values = body.model_dump()
    ensure_owned_references(db, user.id, values, REFERENCES)
    ensure_unique(db, {{ e.name }}, user.id, values, UNIQUE)
    row = {{ e.name }}(**values, user_id=user.id)
    db.add(row)
    commit_or_conflict(db)
    return row


@router.get("/{item_id}", response_model={{ e.name }}Response, operation_id="get_{{ e.snake }}")
def get_{{ e.snake }}(item_id: UUID, user: CurrentUser, db: DbSession) -> {{ e.name }}:
    """Read one of the signed-in user's {{ e.plural_label|py_doc }}."""
    return get_owned(db, {{ e.name }}, user.id, item_id)


@router.put("/{item_id}", response_model={{ e.name }}Response, operation_id="replace_{{ e.snake }}")
def replace_{{ e.snake }}(
    item_id: UUID, body: {{ e.name }}Create, user: CurrentUser, db: DbSession
) -> {{ e.name }}:
    """Replace every field; optional fields left out are cleared."""
    row = get_owned(db, {{ e.name }}, user.id, item_id)
    values = body.model_dump()
    ensure_owned_references(db, user.id, values, REFERENCES)
    ensure_unique(db, {{ e.name }}, user.id, values, UNIQUE, exclude_id=row.id)
    for name, value in values.items():
        setattr(row, name, value)
    commit_or_conflict(db)
    return row


@router.patch("/{item_id}", response_model={{ e.name }}Response, operation_id="update_{{ e.snake }}")
def update_{{ e.snake }}(
    item_id: UUID, body: {{ e.name }}Update, user: CurrentUser, db: DbSession
) -> {{ e.name }}:
    """Change only the fields sent."""
    row = get_owned(db, {{ e.name }}, user.id, item_id)
    values = body.model_dump(exclude_unset=True)
    ensure_owned_references(db, user.id, values, REFERENCES)
    merged = {**current_values(row, UNIQUE), **values}
    ensure_unique(db, {{ e.name }}, user.id, merged, UNIQUE, exclude_id=row.id)
    for name, value in values.items():
        setattr(row, name, value)
    commit_or_conflict(db)
    return row


@router.delete("/{item_id}", status_code=status.HTTP_204_NO_CONTENT, operation_id="delete_{{ e.snake }}")
def delete_{{ e.snake }}(item_id: UUID, user: CurrentUser, db: DbSession) -> None:
    """Delete one {{ e.label|py_doc }}."""
    row = get_owned(db, {{ e.name }}, user.id, item_id)
    ensure_no_children(db, row.id, CHILDREN)
    db.delete(row)
    commit_or_conflict(db)
