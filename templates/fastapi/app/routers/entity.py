"""CRUD endpoints for {{ e.plural_label|py_doc }}, scoped to the signed-in user."""

{% if r.sorts().is_empty() %}from typing import Annotated, Any{% else %}from typing import Annotated, Any, Literal{% endif %}
from uuid import UUID

from fastapi import APIRouter, Query, status

from app import cursors
from app.crud import (
    commit_or_conflict,
    current_values,
    ensure_no_children,
    ensure_owned_references,
    ensure_unique,
    get_owned,
    list_owned,
    save_and_read_back,
)
from app.errors import error_responses
{{ e.router_imports }}
from app.requests import StrictJSONRoute
{{ e.router_schema_import }}
from app.security import CurrentUser, DbSession

router = APIRouter(prefix="{{ r.path() }}", tags=["{{ r.tag() }}"], route_class=StrictJSONRoute)

UNIQUE: tuple[tuple[str, ...], ...] = ({{ e.unique_tuple_groups }})
# E-mail addresses compare case-insensitively.
CASE_INSENSITIVE: tuple[str, ...] = ({{ e.case_insensitive }})
REFERENCES: tuple[tuple[str, type[Any]], ...] = ({{ e.reference_tuple }})
CHILDREN: tuple[tuple[type[Any], str], ...] = ({{ e.children_tuple }})


@router.{{ list.method }}("{{ list.subpath() }}", response_model={{ list.response_schema() }}, operation_id="{{ list.operation_id }}", responses={{ list.python_responses() }})
def {{ list.operation_id }}(
    user: CurrentUser,
    db: DbSession,
    limit: Annotated[int, Query(ge={{ limit.min }}, le={{ limit.max }})] = {{ limit.default }},
    offset: Annotated[int, Query(ge={{ offset.min }}, le={{ offset.python_max() }})] = {{ offset.default }},
    cursor: Annotated[str | None, Query(description=cursors.CURSOR_DESCRIPTION)] = None,
    count: Annotated[bool, Query(description=cursors.COUNT_DESCRIPTION)] = True,
{% let sorts = r.sorts() %}{% if !sorts.is_empty() %}    sort: Annotated[Literal[{% for s in sorts %}"{{ s }}"{% if !loop.last %}, {% endif %}{% endfor %}], Query(description=cursors.SORT_DESCRIPTION)] = "created_at",
{% endif %}{% for f in r.filters() %}    {{ f.name }}: UUID | None = None,
{% endfor %}) -> {{ list.response_schema() }}:
    """{{ list.description|py_doc }}"""
    filters: dict[str, Any] = {{ "{" }}{% for f in r.filters() %}"{{ f.name }}": {{ f.name }}{% if !loop.last %}, {% endif %}{% endfor %}{{ "}" }}
{% if r.sorts().is_empty() %}    after = cursors.decode(cursor) if cursor is not None else None
    rows, total, more = list_owned(db, {{ e.name }}, user.id, limit, offset, filters, after=after, count=count)
{% else %}    after = cursors.decode(cursor, sort) if cursor is not None else None
    rows, total, more = list_owned(db, {{ e.name }}, user.id, limit, offset, filters, after=after, sort=sort, count=count)
{% endif %}
    return {{ list.response_schema() }}(
        items=[{{ e.name }}Response.model_validate(row) for row in rows],
        total=total,
        limit=limit,
        offset=offset,
        next=cursors.after_last(rows, more){% if !r.sorts().is_empty() %} if sort == "created_at" else None{% endif %},
    )


@router.{{ create.method }}(
    "{{ create.subpath() }}",
    response_model={{ create.response_schema() }},
    status_code=status.{{ create.status_constant() }},
    operation_id="{{ create.operation_id }}",
    responses={{ create.python_responses() }},
)
def {{ create.operation_id }}(body: {{ create.request_schema() }}, user: CurrentUser, db: DbSession) -> {{ create.response_schema() }}:
    """{{ create.description|py_doc }}"""
    values = body.model_dump()
    ensure_owned_references(db, user.id, values, REFERENCES)
    ensure_unique(db, {{ e.name }}, user.id, values, UNIQUE, CASE_INSENSITIVE)
    row = {{ e.name }}(**values, user_id=user.id)
    db.add(row)
    return save_and_read_back(db, row, {{ create.response_schema() }})


@router.{{ get.method }}("{{ get.subpath() }}", response_model={{ get.response_schema() }}, operation_id="{{ get.operation_id }}", responses={{ get.python_responses() }})
def {{ get.operation_id }}(item_id: UUID, user: CurrentUser, db: DbSession) -> {{ e.name }}:
    """{{ get.description|py_doc }}"""
    return get_owned(db, {{ e.name }}, user.id, item_id)


@router.{{ replace.method }}("{{ replace.subpath() }}", response_model={{ replace.response_schema() }}, operation_id="{{ replace.operation_id }}", responses={{ replace.python_responses() }})
def {{ replace.operation_id }}(item_id: UUID, body: {{ replace.request_schema() }}, user: CurrentUser, db: DbSession) -> {{ replace.response_schema() }}:
    """{{ replace.description|py_doc }}"""
    row = get_owned(db, {{ e.name }}, user.id, item_id)
    values = body.model_dump()
    ensure_owned_references(db, user.id, values, REFERENCES, row)
    ensure_unique(db, {{ e.name }}, user.id, values, UNIQUE, CASE_INSENSITIVE, exclude_id=row.id)
    for name, value in values.items():
        setattr(row, name, value)
    return save_and_read_back(db, row, {{ replace.response_schema() }})


@router.{{ update.method }}("{{ update.subpath() }}", response_model={{ update.response_schema() }}, operation_id="{{ update.operation_id }}", responses={{ update.python_responses() }})
def {{ update.operation_id }}(item_id: UUID, body: {{ update.request_schema() }}, user: CurrentUser, db: DbSession) -> {{ update.response_schema() }}:
    """{{ update.description|py_doc }}"""
    row = get_owned(db, {{ e.name }}, user.id, item_id)
    values = body.model_dump(exclude_unset=True)
    ensure_owned_references(db, user.id, values, REFERENCES, row)
    merged = {**current_values(row, UNIQUE), **values}
    ensure_unique(db, {{ e.name }}, user.id, merged, UNIQUE, CASE_INSENSITIVE, exclude_id=row.id)
    for name, value in values.items():
        setattr(row, name, value)
    return save_and_read_back(db, row, {{ update.response_schema() }})


@router.{{ delete.method }}("{{ delete.subpath() }}", status_code=status.{{ delete.status_constant() }}, operation_id="{{ delete.operation_id }}", responses={{ delete.python_responses() }})
def {{ delete.operation_id }}(item_id: UUID, user: CurrentUser, db: DbSession) -> None:
    """{{ delete.description|py_doc }}"""
    row = get_owned(db, {{ e.name }}, user.id, item_id)
    ensure_no_children(db, row.id, CHILDREN)
    db.delete(row)
    commit_or_conflict(db)
