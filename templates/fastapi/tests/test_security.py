"""Security headers, the origin check of cookie sessions, and refused settings."""

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from app.config import get_settings
from tests.conftest import BASE_DIR, PASSWORD

PLACEHOLDER_KEY = next(
    line.split("=", 1)[1]
    for line in (BASE_DIR / ".env.example").read_text(encoding="utf-8").splitlines()
    if line.startswith("SECRET_KEY=")
)


def _signed_in_by_cookie(client: TestClient) -> None:
    email = f"sec-{uuid.uuid4().hex}@example.com"
    body = {"email": email, "password": PASSWORD}
    assert client.post("/api/auth/register", json=body).status_code == 201
    assert client.post("/api/auth/login", json=body).status_code == 200


# ---- headers ---------------------------------------------------------------


def test_every_response_has_the_security_headers(client: TestClient) -> None:
    for response in (
        client.get("/api/auth/me"),
        client.post("/api/auth/login", json={}),
        client.get("/openapi.json"),
        client.get("/api/no-such-route"),
    ):
        headers = response.headers
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["Referrer-Policy"] == "no-referrer"


def test_api_and_auth_responses_are_not_stored(client: TestClient) -> None:
    _signed_in_by_cookie(client)
    for response in (client.get("/api/auth/me"), client.get("/api/no-such-route")):
        assert response.headers["Cache-Control"] == "no-store"


def test_hsts_and_a_secure_cookie_only_with_cookie_secure(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "Strict-Transport-Security" not in client.get("/api/auth/me").headers
    monkeypatch.setattr(get_settings(), "cookie_secure", True)
    assert "max-age=" in client.get("/api/auth/me").headers["Strict-Transport-Security"]
    email = f"sec-{uuid.uuid4().hex}@example.com"
    body = {"email": email, "password": PASSWORD}
    client.post("/api/auth/register", json=body)
    response = client.post("/api/auth/login", json=body)
    assert "secure" in response.headers["set-cookie"].lower()


def test_the_compose_setup_marks_the_cookie_secure() -> None:
    with (BASE_DIR / "docker-compose.yml").open(encoding="utf-8") as fh:
        compose = yaml.safe_load(fh)
    assert compose["services"]["app"]["environment"]["COOKIE_SECURE"] == "true"


# ---- origin check ----------------------------------------------------------


def test_a_cookie_session_refuses_writes_from_another_origin(
    client: TestClient,
) -> None:
    _signed_in_by_cookie(client)
    for headers in (
        {},
        {"Origin": "https://evil.example.com"},
        {"Origin": "null"},
        {"Referer": "https://sibling.testserver/page"},
    ):
        response = client.post("/api/auth/logout", headers=headers)
        assert response.status_code == 403, headers
        assert client.get("/api/auth/me").status_code == 200
    response = client.post("/api/auth/logout", headers={"Origin": "http://testserver"})
    assert response.status_code == 204
    assert client.get("/api/auth/me").status_code == 401


def test_a_cors_origin_may_write_with_the_cookie(client: TestClient) -> None:
    _signed_in_by_cookie(client)
    origin = get_settings().cors_origins[0]
    response = client.post("/api/auth/logout", headers={"Origin": origin})
    assert response.status_code == 204


def test_a_bearer_token_needs_no_origin(client: TestClient) -> None:
    email = f"sec-{uuid.uuid4().hex}@example.com"
    body = {"email": email, "password": PASSWORD}
    client.post("/api/auth/register", json=body)
    token = client.post("/api/auth/login", json=body).json()["access_token"]
    client.cookies.clear()
    headers = {
        "Authorization": f"Bearer {token}",
        "Origin": "https://elsewhere.example",
    }
    assert client.post("/api/auth/logout", headers=headers).status_code == 204


# ---- settings that stop the app --------------------------------------------


def _start(cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Import the app as uvicorn would, in a fresh interpreter."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SECRET_KEY", "ALLOW_PLACEHOLDER_SECRETS")
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import main"],
        check=False,
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_the_placeholder_secret_key_is_refused() -> None:
    assert "change-me" in PLACEHOLDER_KEY
    line = _one_line(_start(BASE_DIR, SECRET_KEY=PLACEHOLDER_KEY))
    assert "SECRET_KEY" in line and "placeholder" in line


def test_the_placeholder_database_password_is_refused() -> None:
    url = "postgresql+psycopg://app:change-me@localhost:5432/app"
    line = _one_line(_start(BASE_DIR, DATABASE_URL=url))
    assert "DATABASE_URL" in line and "placeholder" in line


def test_a_development_setting_lets_the_placeholder_through() -> None:
    result = _start(
        BASE_DIR, SECRET_KEY=PLACEHOLDER_KEY, ALLOW_PLACEHOLDER_SECRETS="true"
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture
def app_without_env(tmp_path: Path) -> Path:
    """A copy of the application's code, without its .env file."""
    shutil.copytree(BASE_DIR / "app", tmp_path / "app")
    shutil.copy(BASE_DIR / "main.py", tmp_path / "main.py")
    return tmp_path


def test_a_missing_env_file_stops_the_app_with_one_line(app_without_env: Path) -> None:
    line = _one_line(_start(app_without_env))
    assert "SECRET_KEY" in line and ".env" in line


def test_a_missing_secret_key_stops_the_app_with_one_line(
    app_without_env: Path,
) -> None:
    (app_without_env / ".env").write_text("COOKIE_SECURE=false\n", encoding="utf-8")
    line = _one_line(_start(app_without_env))
    assert "SECRET_KEY" in line and "missing" in line
