"""CRUD, validation, uniqueness and isolation of {{ e.plural_label|py_doc }}."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest
from fastapi.testclient import TestClient

from tests.factories import create_row

URL = "{{ e.url }}"
{% if e.fields.is_empty() %}FIELD_TYPES: dict[str, str] = {}
{% else %}FIELD_TYPES: dict[str, str] = {
{% for f in e.fields %}    "{{ f.name }}": "{{ f.kind }}",
{% endfor %}}
{% endif %}REQUIRED: list[str] = [{{ e.required_list }}]
UNIQUE: list[str] = [{{ e.unique_list }}]
{% if e.fields.is_empty() %}VALID: dict[str, Any] = {}
OTHER: dict[str, Any] = {}
{% else %}VALID: dict[str, Any] = {
{% for f in e.fields %}    "{{ f.name }}": {{ f.valid_literal() }},
{% endfor %}}
OTHER: dict[str, Any] = {
{% for f in e.fields %}    "{{ f.name }}": {{ f.other_literal() }},
{% endfor %}}
{% endif %}
DEFAULTS: dict[str, Any] = {{ "{" }}{% for (n, v) in e.defaults %}"{{ n }}": {{ v }}{% if !loop.last %}, {% endif %}{% endfor %}{{ "}" }}
# Links the tests fill in with rows of the same user: column -> parent URL.
LINKS: dict[str, str] = {{ "{" }}{% for (c, u) in e.test_links %}"{{ c }}": "{{ u }}"{% if !loop.last %}, {% endif %}{% endfor %}{{ "}" }}
{% if e.has_invalid %}INVALID: list[tuple[str, Any]] = [
{% for f in e.fields %}{% for v in f.invalid_literals() %}    ("{{ f.name }}", {{ v }}),
{% endfor %}{% endfor %}]{% else %}INVALID: list[tuple[str, Any]] = []{% endif %}
{% if e.has_edges() %}# Values at the edges of what a field stores: accepted, and read back exactly.
EDGES: list[tuple[str, Any]] = [
{% for f in e.fields %}{% for v in f.edge_literals() %}    ("{{ f.name }}", {{ v }}),
{% endfor %}{% endfor %}]
{% endif %}

@pytest.fixture(autouse=True)
def _linked_rows(client: TestClient, auth_headers: dict[str, str]) -> None:
    """Give VALID and OTHER rows to link to, owned by the signed-in user."""
{% if e.distinct_links.is_empty() %}    for column, url in LINKS.items():
        VALID[column] = OTHER[column] = create_row(client, auth_headers, url)
{% else %}    for column, url in LINKS.items():
        VALID[column] = create_row(client, auth_headers, url)
        # VALID and OTHER would clash on these links if they shared rows.
        distinct = column in {{ "{" }}{{ e.distinct_links }}{{ "}" }}
        OTHER[column] = create_row(client, auth_headers, url) if distinct else VALID[column]
{% endif %}

def for_user(
    client: TestClient, headers: dict[str, str], body: dict[str, Any]
) -> dict[str, Any]:
    """The body with its links pointing at rows of the headers' user."""
    return {
        **body,
        **{column: create_row(client, headers, url) for column, url in LINKS.items()},
    }


def assert_same(field: str, sent: Any, got: Any) -> None:
    """Compare a value sent with the value the API returned, by field type."""
    kind = FIELD_TYPES[field]
    if sent is None or got is None:
        assert sent is got, field
    elif kind == "decimal":
        assert Decimal(str(got)) == Decimal(str(sent)), field
    elif kind == "datetime":
        assert datetime.fromisoformat(got) == datetime.fromisoformat(sent), field
    elif kind == "date":
        assert date.fromisoformat(got) == date.fromisoformat(sent), field
    elif kind == "uuid":
        assert UUID(got) == UUID(sent), field
    else:
        assert got == sent, field


def assert_row(sent: dict[str, Any], got: dict[str, Any]) -> None:
    for key in ("id", "user_id", "created_at", "updated_at"):
        assert key in got
    for field in FIELD_TYPES:
        assert_same(field, sent.get(field, DEFAULTS.get(field)), got[field])


def create(
    client: TestClient, headers: dict[str, str], body: dict[str, Any]
) -> dict[str, Any]:
    response = client.post(URL, json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def test_crud_round_trip(client: TestClient, auth_headers: dict[str, str]) -> None:
    row = create(client, auth_headers, VALID)
    assert_row(VALID, row)
    item = f"{URL}/{row['id']}"

    response = client.get(item, headers=auth_headers)
    assert response.status_code == 200
    assert_row(VALID, response.json())
    # A write answers exactly what later reads return.
    assert response.json() == row

    response = client.get(URL, headers=auth_headers)
    assert response.status_code == 200
    page = response.json()
    assert page["total"] == 1 and page["limit"] == 50 and page["offset"] == 0
    assert [r["id"] for r in page["items"]] == [row["id"]]

    response = client.put(item, json=OTHER, headers=auth_headers)
    assert response.status_code == 200, response.text
    assert_row(OTHER, response.json())
    assert client.get(item, headers=auth_headers).json() == response.json()
{% if let Some(first) = e.fields.first() %}
    response = client.patch(item, json={"{{ first.name }}": VALID["{{ first.name }}"]}, headers=auth_headers)
    assert response.status_code == 200, response.text
    assert_row({**OTHER, "{{ first.name }}": VALID["{{ first.name }}"]}, response.json())
    assert client.get(item, headers=auth_headers).json() == response.json()
{% endif %}
    assert client.delete(item, headers=auth_headers).status_code == 204
    assert client.get(item, headers=auth_headers).status_code == 404
    assert client.delete(item, headers=auth_headers).status_code == 404


def test_only_required_fields(client: TestClient, auth_headers: dict[str, str]) -> None:
    body = {name: VALID[name] for name in REQUIRED}
    row = create(client, auth_headers, body)
    assert_row(body, row)


{% if !e.required_names.is_empty() %}@pytest.mark.parametrize("field", REQUIRED)
def test_missing_or_null_required_field_is_422(
    client: TestClient, auth_headers: dict[str, str], field: str
) -> None:
    body = {k: v for k, v in VALID.items() if k != field}
    assert client.post(URL, json=body, headers=auth_headers).status_code == 422
    assert (
        client.post(URL, json={**VALID, field: None}, headers=auth_headers).status_code
        == 422
    )
    row = create(client, auth_headers, VALID)
    response = client.patch(
        f"{URL}/{row['id']}", json={field: None}, headers=auth_headers
    )
    assert response.status_code == 422


{% endif %}{% if e.has_invalid %}@pytest.mark.parametrize(("field", "value"), INVALID)
def test_invalid_value_is_422(
    client: TestClient, auth_headers: dict[str, str], field: str, value: Any
) -> None:
    response = client.post(URL, json={**VALID, field: value}, headers=auth_headers)
    assert response.status_code == 422, response.text
    assert response.json()["detail"]


{% endif %}{% if e.has_edges() %}@pytest.mark.parametrize(("field", "value"), EDGES)
def test_edge_values_are_stored_exactly(
    client: TestClient, auth_headers: dict[str, str], field: str, value: Any
) -> None:
    row = create(client, auth_headers, {**VALID, field: value})
    assert_same(field, value, row[field])
    item = f"{URL}/{row['id']}"
    assert client.get(item, headers=auth_headers).json() == row
    response = client.put(item, json={**VALID, field: value}, headers=auth_headers)
    assert response.status_code == 200, response.text
    assert client.get(item, headers=auth_headers).json() == response.json()
    response = client.patch(item, json={field: value}, headers=auth_headers)
    assert response.status_code == 200, response.text
    assert client.get(item, headers=auth_headers).json() == response.json()
    assert client.get(URL, headers=auth_headers).json()["items"] == [response.json()]


{% endif %}def test_unknown_query_parameters_are_422(
    client: TestClient, auth_headers: dict[str, str]
) -> None:
    for params in ({"unknown": "1"}, {"limit": 1, "order_by": "created_at"}):
        response = client.get(URL, params=params, headers=auth_headers)
        assert response.status_code == 422, response.text
    row = create(client, auth_headers, VALID)
    response = client.get(
        f"{URL}/{row['id']}", params={"expand": "all"}, headers=auth_headers
    )
    assert response.status_code == 422, response.text


{% for column in e.self_links() %}def test_{{ column }}_cannot_point_at_its_own_row(
    client: TestClient, auth_headers: dict[str, str]
) -> None:
    row = create(client, auth_headers, VALID)
    item = f"{URL}/{row['id']}"
    response = client.patch(item, json={"{{ column }}": row["id"]}, headers=auth_headers)
    assert response.status_code == 422, response.text
    response = client.put(item, json={**VALID, "{{ column }}": row["id"]}, headers=auth_headers)
    assert response.status_code == 422, response.text
    assert client.get(item, headers=auth_headers).json()["{{ column }}"] != row["id"]


{% endfor %}@pytest.mark.parametrize(
    "field", ["id", "user_id", "created_at", "updated_at", "unknown"]
)
def test_server_fields_are_not_writable(
    client: TestClient, auth_headers: dict[str, str], field: str
) -> None:
    value = str(uuid4()) if field.endswith("id") else "2020-01-01T00:00:00Z"
    assert (
        client.post(URL, json={**VALID, field: value}, headers=auth_headers).status_code
        == 422
    )
    row = create(client, auth_headers, VALID)
    response = client.patch(
        f"{URL}/{row['id']}", json={field: value}, headers=auth_headers
    )
    assert response.status_code == 422


def test_a_method_not_served_is_405_with_every_method_of_the_path(
    client: TestClient, auth_headers: dict[str, str]
) -> None:
    response = client.options(URL, headers=auth_headers)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    response = client.options(f"{URL}/{uuid4()}", headers=auth_headers)
    assert response.status_code == 405
    assert response.headers["allow"] == "DELETE, GET, PATCH, PUT"


{% if !e.unique_fields.is_empty() %}@pytest.mark.parametrize("field", UNIQUE)
def test_unique_per_owner(
    client: TestClient,
    auth_headers: dict[str, str],
    other_headers: dict[str, str],
    field: str,
) -> None:
    create(client, auth_headers, VALID)
    response = client.post(
        URL, json={**OTHER, field: VALID[field]}, headers=auth_headers
    )
    assert response.status_code == 409, response.text
    assert "detail" in response.json()
    second = create(client, auth_headers, OTHER)
    response = client.patch(
        f"{URL}/{second['id']}", json={field: VALID[field]}, headers=auth_headers
    )
    assert response.status_code == 409
    # Another user may hold the same value.
    create(client, other_headers, for_user(client, other_headers, VALID))


{% endif %}{% if !e.unique_emails.is_empty() %}@pytest.mark.parametrize("field", [{{ e.unique_emails }}])
def test_unique_email_ignores_case(
    client: TestClient, auth_headers: dict[str, str], field: str
) -> None:
    create(client, auth_headers, VALID)
    response = client.post(
        URL, json={**OTHER, field: VALID[field].upper()}, headers=auth_headers
    )
    assert response.status_code == 409, response.text
    second = create(client, auth_headers, OTHER)
    response = client.patch(
        f"{URL}/{second['id']}",
        json={field: VALID[field].title()},
        headers=auth_headers,
    )
    assert response.status_code == 409, response.text
    # Stored as given (the validator lower-cases the domain only).
    local, _, domain = OTHER[field].partition("@")
    response = client.patch(
        f"{URL}/{second['id']}",
        json={field: f"{local.upper()}@{domain}"},
        headers=auth_headers,
    )
    assert response.status_code == 200, response.text
    assert response.json()[field] == f"{local.upper()}@{domain}"


{% endif %}def test_other_users_rows_are_invisible(
    client: TestClient, auth_headers: dict[str, str], other_headers: dict[str, str]
) -> None:
    row = create(client, auth_headers, VALID)
    item = f"{URL}/{row['id']}"
    assert client.get(item, headers=other_headers).status_code == 404
    assert client.put(item, json=OTHER, headers=other_headers).status_code == 404
    assert client.patch(item, json={}, headers=other_headers).status_code == 404
    assert client.delete(item, headers=other_headers).status_code == 404
    response = client.get(URL, headers=other_headers)
    assert response.status_code == 200
    assert response.json()["items"] == [] and response.json()["total"] == 0
    response = client.get(item, headers=auth_headers)
    assert response.status_code == 200
    assert_row(VALID, response.json())


{% for (column, url, required) in e.all_links %}def test_link_{{ column }}(
    client: TestClient, auth_headers: dict[str, str], other_headers: dict[str, str]
) -> None:
    parent = create_row(client, auth_headers, "{{ url }}")
    row = create(client, auth_headers, {**VALID, "{{ column }}": parent})
    response = client.get(URL, params={"{{ column }}": parent}, headers=auth_headers)
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["items"]] == [row["id"]]
    foreign = create_row(client, other_headers, "{{ url }}")
    response = client.post(URL, json={**VALID, "{{ column }}": foreign}, headers=auth_headers)
    assert response.status_code == 422
    # The shape of every 422: the problem listed with the field it is in.
    assert response.json()["detail"][0]["loc"] == ["body", "{{ column }}"]
    response = client.patch(f"{URL}/{row['id']}", json={"{{ column }}": foreign}, headers=auth_headers)
    assert response.status_code == 422
    response = client.delete(f"{{ url }}/{parent}", headers=auth_headers)
{% if required %}    assert response.status_code == 409
    assert client.get(f"{URL}/{row['id']}", headers=auth_headers).json()["{{ column }}"] == parent
{% else %}    assert response.status_code == 204
    assert client.get(f"{URL}/{row['id']}", headers=auth_headers).json()["{{ column }}"] is None
{% endif %}

{% endfor %}{% for c in e.circles %}def test_circle_{{ c.column }}(client: TestClient, auth_headers: dict[str, str]) -> None:
    """Rows linked round the circle that {{ c.column }} closes are created, then deleted."""
    first = create(client, auth_headers, {**VALID, "{{ c.column }}": None})
    item = f"{URL}/{first['id']}"
    rows: list[str] = []
    last = first["id"]
    for url, column in [{% for (url, column) in c.steps %}("{{ url }}", "{{ column }}"){% if !loop.last %}, {% endif %}{% endfor %}]:
        last = create_row(client, auth_headers, url, links={column: last})
        rows.append(f"{url}/{last}")
    response = client.patch(item, json={"{{ c.column }}": last}, headers=auth_headers)
    assert response.status_code == 200, response.text
    assert response.json()["{{ c.column }}"] == last
{% if c.held %}    assert client.delete(item, headers=auth_headers).status_code == 409
{% endif %}    for row in reversed(rows):
        assert client.delete(row, headers=auth_headers).status_code == 204
    assert client.get(item, headers=auth_headers).json()["{{ c.column }}"] is None
    assert client.delete(item, headers=auth_headers).status_code == 204


{% endfor %}def test_pagination(client: TestClient, auth_headers: dict[str, str]) -> None:
    first = create(client, auth_headers, VALID)
    second = create(client, auth_headers, OTHER)
    response = client.get(URL, params={"limit": 1, "offset": 1}, headers=auth_headers)
    assert response.status_code == 200
    page = response.json()
    assert page["total"] == 2 and page["limit"] == 1 and page["offset"] == 1
    assert [r["id"] for r in page["items"]] == [second["id"]]
    response = client.get(URL, params={"limit": 1}, headers=auth_headers)
    assert [r["id"] for r in response.json()["items"]] == [first["id"]]
    for params in ({"limit": 101}, {"limit": 0}, {"offset": -1}):
        assert client.get(URL, params=params, headers=auth_headers).status_code == 422


def test_requires_authentication(client: TestClient) -> None:
    client.cookies.clear()
    assert client.get(URL).status_code == 401
    assert client.post(URL, json=VALID).status_code == 401
    assert client.get(f"{URL}/{uuid4()}").status_code == 401


def test_no_redirect_on_trailing_slash(
    client: TestClient, auth_headers: dict[str, str]
) -> None:
    response = client.get(f"{URL}/", headers=auth_headers, follow_redirects=False)
    assert response.status_code == 404
