"""Paging a list by cursor: each page's `next` gives the page after it, to
the end, in the order of `offset`; a cursor the list did not give is a 422.
Sorting a list by an indexed field."""

import base64
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

import pytest
from fastapi.testclient import TestClient

from app import cursors
from app.main import create_app
from tests.factories import ROWS, create_row, create_rows, new_row

# Each list with each of its required link columns, to filter it by; when no
# list has one, each list with None: it is paged through unfiltered.
LINKED: list[tuple[str, str | None]] = [
    (url, column) for url in sorted(ROWS) for column in ROWS[url][1]
] or [(url, None) for url in sorted(ROWS)]

# Each list with each field it can be sorted by; when no list can be sorted,
# each list with "created_at", which it then refuses as it takes no sort.
SORTS: list[tuple[str, str]] = [
    (url, value)
    for url, item in create_app(with_custom_routers=False).openapi()["paths"].items()
    if url in ROWS
    for parameter in item["get"].get("parameters", [])
    if parameter["name"] == "sort"
    for value in parameter["schema"]["enum"]
    if value != "created_at"
] or [(url, "created_at") for url in sorted(ROWS)]


def page_through(
    client: TestClient, headers: dict[str, str], url: str, params: dict[str, Any]
) -> list[str]:
    """The ids of every row of the list, a page at a time by cursor."""
    ids: list[str] = []
    cursor: str | None = None
    for _ in range(100):
        query = {**params, "limit": 2}
        if cursor is not None:
            query["cursor"] = cursor
        response = client.get(url, params=query, headers=headers)
        assert response.status_code == 200, response.text
        page = response.json()
        ids.extend(row["id"] for row in page["items"])
        cursor = page["next"]
        if cursor is None:
            return ids
        assert len(page["items"]) == 2
    raise AssertionError("the cursors never reached the end of the list")


@pytest.mark.parametrize("url", sorted(ROWS))
def test_cursors_go_through_the_list_in_order(
    client: TestClient, auth_headers: dict[str, str], url: str
) -> None:
    created = create_rows(client, auth_headers, url, 5)
    listed = client.get(url, params={"limit": 100}, headers=auth_headers).json()
    assert listed["next"] is None
    in_order = [row["id"] for row in listed["items"]]
    assert set(created) <= set(in_order)
    first = client.get(url, params={"limit": 2}, headers=auth_headers).json()
    assert [row["id"] for row in first["items"]] == in_order[:2]
    # A list whose unique values allow two rows or fewer fits on one page.
    assert (first["next"] is None) == (len(in_order) <= 2)
    assert page_through(client, auth_headers, url, {}) == in_order


@pytest.mark.parametrize(("url", "column"), LINKED)
def test_cursors_keep_the_filter(
    client: TestClient, auth_headers: dict[str, str], url: str, column: str | None
) -> None:
    first = create_row(client, auth_headers, url)
    row = client.get(f"{url}/{first}", headers=auth_headers).json()
    if column is None:
        assert page_through(client, auth_headers, url, {}) == [first]
        return
    links = {column: row[column]}
    rows = [first]
    while len(rows) < 4 and (row := new_row(client, auth_headers, url, links)):
        rows.append(row)
    # A row outside the filter, when the unique values leave room for one.
    new_row(client, auth_headers, url)
    assert page_through(client, auth_headers, url, links) == rows


def _encoded(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "not a cursor",
        "é",
        "A" * 1000,
        _encoded("2024-01-01T00:00:00|" + uuid4().hex),
        _encoded("2024-01-01T00:00:00+00:00"),
        _encoded("yesterday|" + uuid4().hex),
        _encoded("2024-01-01T00:00:00+00:00|not-a-uuid"),
    ],
)
def test_a_cursor_the_list_did_not_give_is_422(
    client: TestClient, auth_headers: dict[str, str], cursor: str
) -> None:
    url = sorted(ROWS)[0]
    response = client.get(url, params={"cursor": cursor}, headers=auth_headers)
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "loc": ["query", "cursor"],
                "msg": "Not a cursor this list gave",
                "type": "invalid_cursor",
            }
        ]
    }


@pytest.mark.parametrize(("url", "field"), SORTS)
def test_sort_orders_by_the_field_then_by_age(
    client: TestClient, auth_headers: dict[str, str], url: str, field: str
) -> None:
    if field == "created_at":
        # No field of any list is indexed: no list takes a sort.
        response = client.get(url, params={"sort": field}, headers=auth_headers)
        assert response.status_code == 422
        return
    create_rows(client, auth_headers, url, 4)
    oldest_first = client.get(url, params={"limit": 100}, headers=auth_headers).json()
    age = {row["id"]: n for n, row in enumerate(oldest_first["items"])}
    response = client.get(
        url, params={"sort": field, "limit": 100}, headers=auth_headers
    )
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["next"] is None
    assert sorted(age) == sorted(row["id"] for row in page["items"])
    # Rows of one value come together, oldest first; numbers ascend (text
    # follows the database's collation, which this test does not model).
    values = [row[field] for row in page["items"]]
    groups: list[Any] = []
    for value in values:
        if not groups or groups[-1] != value:
            assert value not in groups, f"{field}={value!r} is not in one run"
            groups.append(value)
        same = [age[r["id"]] for r in page["items"] if r[field] == value]
        assert same == sorted(same)
    numbers = [v for v in groups if isinstance(v, int | float) and not isinstance(v, bool)]
    assert numbers == sorted(numbers)


def test_a_cursor_with_a_sort_is_422(
    client: TestClient, auth_headers: dict[str, str]
) -> None:
    url, field = SORTS[0]
    if field == "created_at":
        response = client.get(url, params={"sort": "id"}, headers=auth_headers)
        assert response.status_code == 422
        return
    first = create_row(client, auth_headers, url)
    row = client.get(f"{url}/{first}", headers=auth_headers).json()
    # The cursor the list gives after this row.
    cursor = cursors.encode(datetime.fromisoformat(row["created_at"]), UUID(first))
    params = {"sort": field, "cursor": cursor}
    response = client.get(url, params=params, headers=auth_headers)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "cursor"]


@pytest.mark.parametrize("url", sorted(ROWS))
def test_count_false_leaves_the_total_out(
    client: TestClient, auth_headers: dict[str, str], url: str
) -> None:
    created = create_rows(client, auth_headers, url, 2)
    counted = client.get(url, headers=auth_headers).json()
    assert counted["total"] == len(counted["items"]) >= len(created)
    params = {"count": "false", "limit": 1}
    response = client.get(url, params=params, headers=auth_headers)
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["total"] is None
    assert [row["id"] for row in page["items"]] == [counted["items"][0]["id"]]
    assert (page["next"] is None) == (counted["total"] == 1)


@pytest.mark.parametrize("url", sorted(ROWS))
def test_every_page_gives_the_same_total(
    client: TestClient, auth_headers: dict[str, str], url: str
) -> None:
    """A page that reaches the end of the list has the total without
    counting; a page before the end, or past it, counts. All agree."""
    create_rows(client, auth_headers, url, 3)
    total = client.get(url, params={"limit": 1}, headers=auth_headers).json()["total"]
    assert total >= 1
    for limit, offset in [(50, 0), (2, max(total - 2, 0)), (2, total - 1), (1, total + 5)]:
        params = {"limit": limit, "offset": offset}
        page = client.get(url, params=params, headers=auth_headers).json()
        assert page["total"] == total, params


@pytest.mark.parametrize("url", sorted(ROWS))
def test_a_list_on_one_page_is_not_counted(
    client: TestClient,
    auth_headers: dict[str, str],
    statements: list[tuple[str, Any]],
    url: str,
) -> None:
    create_rows(client, auth_headers, url, 2)
    statements.clear()
    page = client.get(url, headers=auth_headers).json()
    assert page["total"] == len(page["items"]) >= 1
    assert statements, "no query was recorded"
    assert not [sql for sql, _ in statements if "count(" in sql.lower()], statements
