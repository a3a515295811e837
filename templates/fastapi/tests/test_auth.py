"""Registration, login, the current user and logout."""

import uuid

from fastapi.testclient import TestClient

from tests.conftest import PASSWORD


def _email() -> str:
    return f"auth-{uuid.uuid4().hex}@example.com"


def test_register_login_me_logout(client: TestClient) -> None:
    email = _email()
    response = client.post("/api/auth/register", json={"email": email.upper(), "password": PASSWORD})
    assert response.status_code == 201, response.text
    user = response.json()
    assert user["email"] == email
    assert set(user) == {"id", "email", "created_at"}

    response = client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
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
    assert client.post("/api/auth/register", json={"email": email, "password": PASSWORD}).status_code == 201
    response = client.post("/api/auth/register", json={"email": email.upper(), "password": PASSWORD})
    assert response.status_code == 409
    assert "detail" in response.json()


def test_register_validation(client: TestClient) -> None:
    for body in (
        {"email": _email(), "password": "short"},
        {"email": _email(), "password": "\u00e9" * 40},  # 80 bytes: beyond bcrypt's limit
        {"email": "not-an-email", "password": PASSWORD},
        {"email": _email()},
        {"email": _email(), "password": PASSWORD, "is_admin": True},
    ):
        assert client.post("/api/auth/register", json=body).status_code == 422, body


def test_login_failures_are_401(client: TestClient) -> None:
    email = _email()
    client.post("/api/auth/register", json={"email": email, "password": PASSWORD})
    assert client.post("/api/auth/login", json={"email": email, "password": "wrong password"}).status_code == 401
    assert client.post("/api/auth/login", json={"email": _email(), "password": PASSWORD}).status_code == 401


def test_me_requires_credentials(client: TestClient) -> None:
    assert client.get("/api/auth/me").status_code == 401
    response = client.get("/api/auth/me", headers={"Authorization": "Bearer not.a.token"})
    assert response.status_code == 401


def test_errors_are_json(client: TestClient) -> None:
    response = client.get("/api/no-such-route")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}
    response = client.delete("/api/auth/me")
    assert response.status_code == 405
    assert "detail" in response.json()
