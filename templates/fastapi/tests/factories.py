"""Create rows of any entity, with the rows they link to, for the tests."""

from typing import Any

from fastapi.testclient import TestClient

# URL -> (alternative bodies of the required fields and of the unique ones with a default,
#         required links: column -> URL)
ROWS: dict[str, tuple[list[dict[str, Any]], dict[str, str]]] = {
{% for e in entities %}{% let fields = e.factory_fields() %}    "{{ e.url }}": ([{% for k in e.factory_alternatives() %}{{ "{" }}{% for f in fields.iter() %}"{{ f.name }}": {{ f.alternative_literal(**k) }}{% if !loop.last %}, {% endif %}{% endfor %}{{ "}" }}{% if !loop.last %}, {% endif %}{% endfor %}], {{ "{" }}{% for (column, url) in e.required_links() %}"{{ column }}": "{{ url }}"{% if !loop.last %}, {% endif %}{% endfor %}{{ "}" }}),
{% endfor %}}


def new_row(
    client: TestClient,
    headers: dict[str, str],
    url: str,
    links: dict[str, str] | None = None,
) -> str | None:
    """Create a new row at url owned by the headers' user and return its id;
    None when every body conflicts with a row the user has (409): the
    fields' unique values have run out (a unique integer from 1 to 2 allows
    two rows).

    links gives rows to link to (column -> id); the other required links get
    rows of their own.
    """
    bodies, required = ROWS[url]
    given = links or {}
    linked = {
        column: create_row(client, headers, parent, True)
        for column, parent in required.items()
        if column not in given
    }
    linked.update(given)
    for body in bodies:
        response = client.post(url, json={**body, **linked}, headers=headers)
        if response.status_code == 201:
            return str(response.json()["id"])
    if response.status_code == 409:
        return None
    raise AssertionError(f"cannot create a row at {url}: {response.text}")


def create_row(
    client: TestClient,
    headers: dict[str, str],
    url: str,
    reuse: bool = False,
    links: dict[str, str] | None = None,
) -> str:
    """Create a row at url owned by the headers' user; return its id.

    With reuse, an existing row of the user will do if no new one fits.
    """
    row = new_row(client, headers, url, links)
    if row is not None:
        return row
    if reuse:
        rows = client.get(url, params={"limit": 1}, headers=headers).json()["items"]
        if rows:
            return str(rows[0]["id"])
    raise AssertionError(f"cannot create another row at {url}: its unique values are taken")


def create_rows(
    client: TestClient,
    headers: dict[str, str],
    url: str,
    count: int,
    links: dict[str, str] | None = None,
) -> list[str]:
    """Create up to count new rows at url, as many as the fields' unique
    values allow (at least one); return their ids, oldest first."""
    ids = [create_row(client, headers, url, links=links)]
    while len(ids) < count and (row := new_row(client, headers, url, links)):
        ids.append(row)
    return ids
