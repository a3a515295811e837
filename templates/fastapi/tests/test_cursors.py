"""Paging a list by cursor: each page's `next` gives the page after it, to
the end, in the order of `offset`; a cursor the list did not give is a 422."""

import base64
from typing import Any
from uuid import uuid4

import pytest
from fastapi.testclient import TestClient

from tests.factories import ROWS, create_row

# Each list with each of its required link columns, to filter it by; when no
# list has one, each list with None: it is paged through unfiltered.
LINKED: list[tuple[str, str | None]] = [
    (url, column) for url in sorted(ROWS) for column in ROWS[url][1]
] or [(url, None) for url in sorted(ROWS)]


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
    created = [create_row(client, auth_headers, url) for _ in range(5)]
    listed = client.get(url, params={"limit": 100}, headers=auth_headers).json()
    assert listed["next"] is None
    in_order = [row["id"] for row in listed["items"]]
    assert set(created) <= set(in_order)
    first = client.get(url, params={"limit": 2}, headers=auth_headers).json()
    assert [row["id"] for row in first["items"]] == in_order[:2]
    assert isinstance(first["next"], str)
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
    rows = [first] + [
        create_row(client, auth_headers, url, links=links) for _ in range(3)
    ]
    create_row(client, auth_headers, url)
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
