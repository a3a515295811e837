"""Registration, login, the current user and logout."""

import uuid

{% if !p.invalid.is_empty() %}import pytest
{% endif %}from fastapi.testclient import TestClient

from tests.conftest import PASSWORD


def _email() -> str:
    return f"auth-{uuid.uuid4().hex}@example.com"


def test_register_login_me_logout(client: TestClient) -> None:
    email = _email()
    response = client.post(
        "/api/auth/register", json={"email": email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 201, response.text
    user = response.json()
    assert user["email"] == email
    assert set(user) == { {{- p.me_keys -}} }

    response = client.post(
        "/api/auth/login", json={"email": email, "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    token = response.json()["access_token"]
    assert response.json()["token_type"] == "bearer"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie

    headers = {"Authorization": f"Bearer {token}"}
    response = client.get("/api/auth/me", headers=headers)
    assert response.status_code == 200
    assert response.json()["email"] == email
    assert response.json()["id"] == user["id"]

    # The cookie alone also authenticates.
    assert client.get("/api/auth/me").status_code == 200

    assert client.post("/api/auth/logout", headers=headers).status_code == 204
    assert client.get("/api/auth/me", headers=headers).status_code == 401
    assert client.get("/api/auth/me").status_code == 401


def test_duplicate_email_is_409_ignoring_case(client: TestClient) -> None:
    email = _email()
    assert (
        client.post(
            "/api/auth/register", json={"email": email, "password": PASSWORD}
        ).status_code
        == 201
    )
    response = client.post(
        "/api/auth/register", json={"email": email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 409
    assert "detail" in response.json()


def test_register_validation(client: TestClient) -> None:
    for body in (
        {"email": _email(), "password": "eleven char"},  # the shortest is 12 characters
        {
            "email": _email(),
            "password": "\u00e9" * 129,
        },  # the longest is 128 characters
        {"email": "not-an-email", "password": PASSWORD},
        {"email": _email()},
        {"email": _email(), "password": PASSWORD, "is_admin": True},
    ):
        assert client.post("/api/auth/register", json=body).status_code == 422, body


def test_login_failures_are_401(client: TestClient) -> None:
    email = _email()
    client.post("/api/auth/register", json={"email": email, "password": PASSWORD})
    assert (
        client.post(
            "/api/auth/login", json={"email": email, "password": "wrong password"}
        ).status_code
        == 401
    )
    assert (
        client.post(
            "/api/auth/login", json={"email": _email(), "password": PASSWORD}
        ).status_code
        == 401
    )


def test_me_requires_credentials(client: TestClient) -> None:
    assert client.get("/api/auth/me").status_code == 401
    response = client.get(
        "/api/auth/me", headers={"Authorization": "Bearer not.a.token"}
    )
    assert response.status_code == 401


def test_errors_are_json(client: TestClient) -> None:
    response = client.get("/api/no-such-route")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}
    response = client.delete("/api/auth/me")
    assert response.status_code == 405
    assert "detail" in response.json(){% if !p.fields.is_empty() %}


def test_profile_starts_at_its_defaults_and_changes_with_patch(
    client: TestClient, auth_headers: dict[str, str]
) -> None:
    me = client.get("/api/auth/me", headers=auth_headers).json()
{% for (name, literal) in p.starts_with %}{% if literal == "None" || literal == "True" || literal == "False" %}    assert me["{{ name }}"] is {{ literal }}
{% else %}    assert me["{{ name }}"] == {{ literal }}
{% endif %}{% endfor %}
    body = {
{% for f in p.update_fields %}        "{{ f.name }}": {{ f.other_literal() }},
{% endfor %}    }
    response = client.patch("/api/auth/me", json=body, headers=auth_headers)
    assert response.status_code == 200, response.text
    assert client.get("/api/auth/me", headers=auth_headers).json() == response.json()
    assert response.json()["email"] == me["email"]

    # Only the fields sent change.
    response = client.patch("/api/auth/me", json={}, headers=auth_headers)
    assert response.status_code == 200, response.text
    assert client.get("/api/auth/me", headers=auth_headers).json() == response.json()

    response = client.patch("/api/auth/me", json={"email": "x@example.com"}, headers=auth_headers)
    assert response.status_code == 422
{% for name in p.read_only %}
    # A user cannot change what they may do, not even to its current value.
    unchanged = {"{{ name }}": me["{{ name }}"]}
    response = client.patch("/api/auth/me", json=unchanged, headers=auth_headers)
    assert response.status_code == 422
{% endfor %}    client.cookies.clear()
    assert client.patch("/api/auth/me", json={}).status_code == 401{% if !p.invalid.is_empty() %}


@pytest.mark.parametrize(
    ("field", "value"),
    [
{% for (name, literal) in p.invalid %}        ("{{ name }}", {{ literal }}),
{% endfor %}    ],
)
def test_profile_rejects_invalid_values(
    client: TestClient, auth_headers: dict[str, str], field: str, value: object
) -> None:
    response = client.patch("/api/auth/me", json={field: value}, headers=auth_headers)
    assert response.status_code == 422, response.text{% endif %}{% endif %}
