"""Every query the app issues for a resource is served by an index.

Each test drives one resource through the API (create, list, each link
filter and sort, a page by cursor, get, change, delete) or through its web
pages (the home page's counts, the list newest first, each link filter, the
forms' choices of linked rows), records the SELECT statements the app sends
to the database, and asks the database how it would run each one. A plan
that reads a whole table or sorts rows would grow slower with the user's
data, so it fails the test. PostgreSQL is told not to scan or sort where it
has any other way, as on a table this small it would rather scan; SQLite
plans by its indexes alone.
"""

import json
from collections.abc import Iterator
from typing import Any
from uuid import uuid4

import pytest
from fastapi.testclient import TestClient

from app.database import engine
from app.web.entities import ENTITIES
from app.web.fields import EntityPages
from tests.conftest import sign_up
from tests.factories import ROWS, create_row

# Query parameters of a list that are not link filters.
NOT_FILTERS = {"limit", "offset"}


def link_filters(client: TestClient, url: str) -> list[str]:
    """The list's query parameters that filter by a linked row's id."""
    operation = client.app.openapi()["paths"][url]["get"]  # type: ignore[attr-defined]
    return [
        parameter["name"]
        for parameter in operation.get("parameters", [])
        if parameter["name"] not in NOT_FILTERS
        and '"uuid"' in json.dumps(parameter["schema"])
    ]


def sort_values(client: TestClient, url: str) -> list[str]:
    """The fields the list can be sorted by, besides its own order."""
    operation = client.app.openapi()["paths"][url]["get"]  # type: ignore[attr-defined]
    for parameter in operation.get("parameters", []):
        if parameter["name"] == "sort":
            return [v for v in parameter["schema"]["enum"] if v != "created_at"]
    return []


def _plan_nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _plan_nodes(child)


def _postgresql_plan(cursor: Any, statement: str, parameters: Any) -> list[str]:
    """Each step of PostgreSQL's plan: its kind, table, conditions and
    filter."""
    cursor.execute("SET LOCAL enable_seqscan = off")
    cursor.execute("SET LOCAL enable_sort = off")
    cursor.execute(f"EXPLAIN (FORMAT JSON) {statement}", parameters)
    keys = ("Relation Name", "Index Cond", "Recheck Cond", "Filter")
    return [
        " ".join([node["Node Type"], *(f"{key}: {node[key]}" for key in keys if key in node)])
        for node in _plan_nodes(cursor.fetchone()[0][0]["Plan"])
    ]


def _slow_steps(plan: list[str], postgresql: bool, column: str | None) -> list[str]:
    """The steps that read a whole table, sort rows, or (for a list filtered
    by one link column, on SQLite) find the rows without that column's index.

    PostgreSQL chooses among indexes by their estimated cost, and on a table
    of a few rows the user's index and the link's index cost the same: which
    one it takes for a link filter says nothing about a large table. SQLite
    prefers the index that matches the most columns, so the link's index is
    checked there.
    """
    slow = []
    for step in plan:
        if postgresql:
            whole = step.startswith(("Seq Scan", "Sort", "Incremental Sort"))
            unserved = False
        else:
            whole = "TEMP B-TREE" in step or (
                step.startswith("SCAN ") and not step.startswith("SCAN CONSTANT")
            )
            unserved = column is not None and step.startswith("SEARCH ")
            unserved = unserved and f"{column}=?" not in step
        if whole or unserved:
            slow.append(step)
    return slow


def slow_steps(statement: str, parameters: Any, column: str | None) -> list[str]:
    """What the database's plan for the statement does to a whole table or
    a whole set of rows: a sequential scan, a sort, or rows of one linked row
    found without the index of the link's column."""
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        postgresql = engine.dialect.name == "postgresql"
        if postgresql:
            plan = _postgresql_plan(cursor, statement, parameters)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
            plan = [row[3] for row in cursor.fetchall()]
        return _slow_steps(plan, postgresql, column)
    finally:
        connection.rollback()
        connection.close()


@pytest.mark.parametrize("url", sorted(ROWS))
def test_every_query_is_served_by_an_index(
    client: TestClient,
    auth_headers: dict[str, str],
    statements: list[tuple[str, Any]],
    url: str,
) -> None:
    item = f"{url}/{create_row(client, auth_headers, url)}"
    create_row(client, auth_headers, url)
    # Each statement, with the link column its list is filtered by alone.
    checked: list[tuple[str, Any, str | None]] = []

    def take(column: str | None = None) -> None:
        checked.extend((sql, parameters, column) for sql, parameters in statements)
        statements.clear()

    take()
    filters = link_filters(client, url)
    pages: list[tuple[dict[str, Any], str | None]] = [({}, None)]
    pages.append(({"limit": 1, "offset": 1}, None))
    # A page that reaches the end of its list has its total without a
    # count; one past the end has to count, so each filter's count is seen.
    pages.extend(({name: str(uuid4())}, name) for name in filters)
    pages.extend(({name: str(uuid4()), "offset": 1}, name) for name in filters)
    pages.extend(({"sort": value}, None) for value in sort_values(client, url))
    if len(filters) > 1:
        pages.append(({name: str(uuid4()) for name in filters}, None))
    for params, column in pages:
        response = client.get(url, params=params, headers=auth_headers)
        assert response.status_code == 200, response.text
        take(column)
    first = client.get(url, params={"limit": 1}, headers=auth_headers).json()
    params = {"limit": 1, "cursor": first["next"], "count": "false"}
    assert client.get(url, params=params, headers=auth_headers).status_code == 200
    take()
    assert client.get(item, headers=auth_headers).status_code == 200
    assert client.patch(item, json={}, headers=auth_headers).status_code == 200
    assert client.delete(item, headers=auth_headers).status_code == 204
    take()
    assert_served(checked)


def assert_served(checked: list[tuple[str, Any, str | None]]) -> None:
    """Fail with every statement whose plan grows with the user's data."""
    assert checked, "no query was recorded"
    slow: dict[str, list[str]] = {}
    for sql, parameters, column in checked:
        # Only a statement that filters by the column must use its index:
        # a page filtered by a link also reads the rows its form offers.
        condition = sql.partition("WHERE")[2]
        filtered = column is not None and f".{column} =" in condition
        if steps := slow_steps(sql, parameters, column if filtered else None):
            slow[sql] = steps
    assert not slow, "\n\n".join(f"{steps}\n{sql}" for sql, steps in slow.items())


@pytest.mark.parametrize("entity", ENTITIES, ids=lambda entity: entity.name)
def test_every_query_of_the_pages_is_served_by_an_index(
    client: TestClient,
    statements: list[tuple[str, Any]],
    entity: EntityPages,
) -> None:
    """The pages list newest first, count for the home page and offer the
    user's rows for each link: the same rule holds for their queries."""
    client.headers["Origin"] = str(client.base_url)
    sign_up(client)
    item = f"{entity.path}/{create_row(client, {}, entity.api_path)}"
    statements.clear()
    checked: list[tuple[str, Any, str | None]] = []

    def visit(path: str, column: str | None = None) -> None:
        response = client.get(path)
        assert response.status_code == 200, f"{path}: {response.status_code}"
        checked.extend((sql, parameters, column) for sql, parameters in statements)
        statements.clear()

    for path in ("/", entity.path, f"{entity.path}?page=2", f"{entity.path}/new"):
        visit(path)
    for spec in entity.links:
        visit(f"{entity.path}?{spec.name}={uuid4()}", spec.name)
    for path in (item, f"{item}/edit", f"{item}/delete"):
        visit(path)
    assert_served(checked)
