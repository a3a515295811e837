"""What the app refuses before any route runs, and what it serves offline."""

import json
import re

import pytest
from fastapi.testclient import TestClient

from app.config import Settings, get_settings

REGISTER = "/api/auth/register"
# A value that no answer may repeat.
MARKER = "secret-marker-violet-harbor"


def _post_raw(client: TestClient, path: str, content: bytes) -> "object":
    return client.post(
        path, content=content, headers={"Content-Type": "application/json"}
    )


@pytest.mark.parametrize(
    "raw",
    [
        '"\\ud800' + MARKER + '"',
        '"' + MARKER + '\\udfff"',
        '"a\\u0000b' + MARKER + '"',
        "NaN",
        "Infinity",
        "-Infinity",
        "1e999",
    ],
)
def test_lone_surrogates_and_non_finite_numbers_are_422(
    client: TestClient, raw: str
) -> None:
    body = '{"email": "someone@example.com", "password": ' + raw + "}"
    response = _post_raw(client, REGISTER, body.encode())
    assert response.status_code == 422, response.text
    assert MARKER not in response.text
    assert response.json()["detail"]


def test_validation_errors_never_repeat_the_input_and_stay_small(
    client: TestClient,
) -> None:
    huge = {"email": MARKER * 1000, "password": MARKER * 20000}
    response = client.post(REGISTER, json=huge)
    assert response.status_code == 422
    assert MARKER not in response.text
    many = json.dumps([MARKER] * 20000).encode()
    response = _post_raw(client, REGISTER, many)
    assert response.status_code == 422
    assert MARKER not in response.text
    deep = b"[" * 100000 + b"]" * 100000
    response = _post_raw(client, REGISTER, deep)
    assert response.status_code == 422
    unknown_keys = json.dumps({f"key{i}": MARKER for i in range(5000)}).encode()
    response = _post_raw(client, REGISTER, unknown_keys)
    assert response.status_code == 422
    assert MARKER not in response.text
    assert len(response.content) < 16 * 1024
    for item in response.json()["detail"]:
        assert set(item) == {"loc", "msg", "type"}


def test_a_body_over_the_limit_is_413_before_authentication(client: TestClient) -> None:
    limit = get_settings().max_body_bytes
    client.cookies.clear()
    response = _post_raw(client, "/api/auth/logout", b" " * (limit + 1))
    assert response.status_code == 413
    assert response.json()["detail"]
    # Without a Content-Length (chunked), counted while it is read.
    response = client.post(
        REGISTER,
        content=(b" " * 65536 for _ in range(limit // 65536 + 2)),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413
    # A body within the limit is read as usual.
    response = _post_raw(client, REGISTER, b" " * (limit - 10) + b"{}")
    assert response.status_code == 422


def test_unknown_query_parameters_are_422(
    client: TestClient, auth_headers: dict[str, str]
) -> None:
    response = client.get(
        "/api/auth/me", params={"fields": "all"}, headers=auth_headers
    )
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["query", "fields"]
    assert client.get("/api/auth/me", headers=auth_headers).status_code == 200


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_documentation_pages_load_nothing_from_other_hosts(
    client: TestClient, page: str
) -> None:
    response = client.get(page)
    assert response.status_code == 200
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", response.text)
    assert assets
    assert "https://" not in response.text and "http://" not in response.text
    for asset in assets:
        assert asset.startswith("/"), asset
        served = client.get(asset)
        assert served.status_code == 200, asset
        assert served.content


@pytest.mark.parametrize("scheme", ["postgres", "postgresql", "postgresql+psycopg"])
def test_postgres_urls_use_the_installed_driver(scheme: str) -> None:
    settings = Settings(
        database_url=f"{scheme}://app:pw@db:5432/app", secret_key="k" * 32
    )
    assert settings.database_url == "postgresql+psycopg://app:pw@db:5432/app"
