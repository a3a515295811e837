"""Accounts under abuse: password hashing and rules, throttling, password change."""

import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import bcrypt
import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from app import passwords
from app.config import get_settings
from app.database import SessionLocal
from app.models.user import User
from app.throttle import ThrottleCounter
from tests.conftest import PASSWORD

NEW_PASSWORD = "a different and longer passphrase"
# 64 characters, 83 bytes in UTF-8: beyond what bcrypt could hash.
NON_ASCII_PASSWORD = (
    "Příliš žluťoučký kůň úpěl ďábelské ódy, když slunce zapadlo za hory"[:64]
)


def _email() -> str:
    return f"acct-{uuid.uuid4().hex}@example.com"


def _register(client: TestClient, email: str, password: str = PASSWORD) -> None:
    body = {"email": email, "password": password}
    response = client.post("/api/auth/register", json=body)
    assert response.status_code == 201, response.text


def _login(client: TestClient, email: str, password: str = PASSWORD) -> int:
    body = {"email": email, "password": password}
    return client.post("/api/auth/login", json=body).status_code


def _stored_hash(email: str) -> str:
    with SessionLocal() as db:
        return db.scalars(select(User.password_hash).where(User.email == email)).one()


def _assert_throttled(response: Any) -> None:
    assert response.status_code == 429, response.text
    assert 1 <= int(response.headers["Retry-After"]) <= 3600


# ---- hashing and password rules -------------------------------------------


def test_new_hashes_are_argon2id(client: TestClient) -> None:
    email = _email()
    _register(client, email)
    assert _stored_hash(email).startswith("$argon2id$")


def test_a_bcrypt_hash_is_verified_and_upgraded_at_sign_in(client: TestClient) -> None:
    email = _email()
    _register(client, email)
    old = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(4)).decode()
    with SessionLocal() as db:
        db.execute(update(User).where(User.email == email).values(password_hash=old))
        db.commit()
    assert _login(client, email, "not the right passphrase") == 401
    assert _stored_hash(email) == old
    assert _login(client, email) == 200
    assert _stored_hash(email).startswith("$argon2id$")
    assert _login(client, email) == 200


def test_passwords_of_12_to_128_characters_any_script(client: TestClient) -> None:
    assert len(NON_ASCII_PASSWORD) == 64 and len(NON_ASCII_PASSWORD.encode()) > 72
    for password in ("x7#kP2!mQ9zL", NON_ASCII_PASSWORD, "Xk9#mP2$vL7@qR4!" * 8):
        email = _email()
        _register(client, email, password)
        assert _login(client, email, password) == 200
    for password in ("x7#kP2!mQ9z", "Xk9#mP2$vL7@qR4!" * 8 + "x"):
        body = {"email": _email(), "password": password}
        response = client.post("/api/auth/register", json=body)
        assert response.status_code == 422, password


@pytest.mark.parametrize(
    "password", ["password1234", "123456789012", "qwertyuiopas", "iloveyou2024"]
)
def test_common_passwords_are_refused(client: TestClient, password: str) -> None:
    body = {"email": _email(), "password": password}
    response = client.post("/api/auth/register", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["body", "password"]


def test_a_password_made_of_the_email_is_refused(client: TestClient) -> None:
    email = f"marguerite.lavoisier{uuid.uuid4().hex[:6]}@example.com"
    body = {"email": email, "password": email.split("@")[0]}
    assert client.post("/api/auth/register", json=body).status_code == 422


def test_an_unknown_email_costs_a_hash_check(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str] = []
    original = PasswordHasher.verify

    def spy(self: PasswordHasher, hashed: str, password: str) -> bool:
        checked.append(hashed)
        return original(self, hashed, password)

    monkeypatch.setattr(PasswordHasher, "verify", spy)
    assert _login(client, _email()) == 401
    assert len(checked) == 1 and checked[0].startswith("$argon2id$")


# ---- throttling ------------------------------------------------------------


def test_failed_logins_are_throttled_per_account(client: TestClient) -> None:
    email = _email()
    _register(client, email)
    limit = get_settings().login_failures_per_account
    for _ in range(limit):
        assert _login(client, email, "not the right passphrase") == 401
    body = {"email": email, "password": "not the right passphrase"}
    _assert_throttled(client.post("/api/auth/login", json=body))
    # Even the right password waits now.
    _assert_throttled(
        client.post("/api/auth/login", json={**body, "password": PASSWORD})
    )
    # Another account from the same address is not affected.
    other = _email()
    _register(client, other)
    assert _login(client, other) == 200


def test_failed_logins_are_throttled_per_client(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "login_failures_per_client", 5)
    for _ in range(5):
        assert _login(client, _email()) == 401
    body = {"email": _email(), "password": PASSWORD}
    _assert_throttled(client.post("/api/auth/login", json=body))


def test_a_successful_login_starts_the_account_count_again(client: TestClient) -> None:
    email = _email()
    _register(client, email)
    limit = get_settings().login_failures_per_account
    for _ in range(2):
        for _ in range(limit - 1):
            assert _login(client, email, "not the right passphrase") == 401
        assert _login(client, email) == 200


def test_the_count_starts_again_once_the_window_is_over(client: TestClient) -> None:
    email = _email()
    _register(client, email)
    for _ in range(get_settings().login_failures_per_account + 1):
        _login(client, email, "not the right passphrase")
    assert _login(client, email) == 429
    with SessionLocal() as db:
        key = f"login:account:{email}"
        db.execute(
            update(ThrottleCounter)
            .where(ThrottleCounter.key == key)
            .values(window_ends=int(time.time()) - 1)
        )
        db.commit()
    assert _login(client, email) == 200


def test_counters_are_rows_and_old_ones_are_deleted(client: TestClient) -> None:
    stale = f"login:account:stale-{uuid.uuid4().hex}@example.com"
    with SessionLocal() as db:
        db.add(ThrottleCounter(key=stale, hits=3, window_ends=int(time.time()) - 60))
        db.commit()
    email = _email()
    assert _login(client, email) == 401
    with SessionLocal() as db:
        keys = set(db.scalars(select(ThrottleCounter.key)))
    assert f"login:account:{email}" in keys
    assert stale not in keys


def test_registrations_are_throttled_per_client(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "registrations_per_client", 3)
    for _ in range(3):
        _register(client, _email())
    body = {"email": _email(), "password": PASSWORD}
    _assert_throttled(client.post("/api/auth/register", json=body))


def test_registrations_are_throttled_per_account(client: TestClient) -> None:
    email = _email()
    _register(client, email)
    body = {"email": email, "password": PASSWORD}
    for _ in range(get_settings().registrations_per_account - 1):
        assert client.post("/api/auth/register", json=body).status_code == 409
    _assert_throttled(client.post("/api/auth/register", json=body))


def test_the_default_limits_leave_room_for_normal_use() -> None:
    settings = get_settings()
    assert settings.login_failures_per_account >= 5
    assert settings.login_failures_per_client >= 50
    assert settings.registrations_per_client >= 50


# ---- hashing does not starve other requests --------------------------------


class SlowHashing:
    """Password checks that wait until released (at most 20 s), counting how
    many are waiting at once."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.waiting = 0
        self.most_waiting = 0
        self._lock = threading.Lock()

    def wait(self) -> None:
        with self._lock:
            self.waiting += 1
            self.most_waiting = max(self.most_waiting, self.waiting)
        self.release.wait(20)
        with self._lock:
            self.waiting -= 1


@pytest.fixture
def slow_hashing(monkeypatch: pytest.MonkeyPatch) -> Iterator[SlowHashing]:
    slow = SlowHashing()
    original = passwords._verify

    def verify(password: str, password_hash: str | None) -> passwords.Verdict:
        slow.wait()
        return original(password, password_hash)

    monkeypatch.setattr(passwords, "_verify", verify)
    yield slow
    slow.release.set()


def test_a_flood_of_logins_does_not_starve_other_requests(
    client: TestClient, auth_headers: dict[str, str], slow_hashing: SlowHashing
) -> None:
    # More parallel logins than the thread pool that serves requests has threads.
    statuses: list[int] = []
    flood = [
        threading.Thread(target=lambda: statuses.append(_login(client, _email())))
        for _ in range(50)
    ]
    for thread in flood:
        thread.start()
    # Until every hashing thread holds a login (however slow the machine),
    # and a moment more, in which a pool without a bound would take more.
    bound = get_settings().password_hashing_threads
    deadline = time.monotonic() + 20
    while slow_hashing.waiting < bound and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    started = time.monotonic()
    response = client.get("/api/auth/me", headers=auth_headers)
    waited = time.monotonic() - started
    busy = slow_hashing.most_waiting
    slow_hashing.release.set()
    for thread in flood:
        thread.join(30)
    assert response.status_code == 200
    assert waited < 5, f"an authenticated request waited {waited:.1f} s"
    # The hashing threads are bounded, apart from those serving requests.
    assert busy == bound
    assert statuses.count(401) == 50


# ---- password change -------------------------------------------------------


def test_password_change_ends_every_earlier_session(client: TestClient) -> None:
    email = _email()
    _register(client, email)
    tokens = []
    for _ in range(2):
        body = {"email": email, "password": PASSWORD}
        tokens.append(client.post("/api/auth/login", json=body).json()["access_token"])
    headers = {"Authorization": f"Bearer {tokens[0]}"}

    body = {
        "current_password": "not the right passphrase",
        "new_password": NEW_PASSWORD,
    }
    response = client.post("/api/auth/password", json=body, headers=headers)
    assert response.status_code == 400
    body = {"current_password": PASSWORD, "new_password": "password1234"}
    response = client.post("/api/auth/password", json=body, headers=headers)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "new_password"]

    body = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    response = client.post("/api/auth/password", json=body, headers=headers)
    assert response.status_code == 200, response.text
    new_token = response.json()["access_token"]
    for token in tokens:
        auth = {"Authorization": f"Bearer {token}"}
        assert client.get("/api/auth/me", headers=auth).status_code == 401
    auth = {"Authorization": f"Bearer {new_token}"}
    assert client.get("/api/auth/me", headers=auth).status_code == 200
    assert _login(client, email) == 401
    assert _login(client, email, NEW_PASSWORD) == 200
    assert _stored_hash(email).startswith("$argon2id$")


def test_password_change_needs_a_signed_in_user(client: TestClient) -> None:
    body = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    assert client.post("/api/auth/password", json=body).status_code == 401


def test_wrong_current_passwords_are_throttled(
    client: TestClient, auth_headers: dict[str, str]
) -> None:
    body = {
        "current_password": "not the right passphrase",
        "new_password": NEW_PASSWORD,
    }
    for _ in range(get_settings().login_failures_per_account):
        response = client.post("/api/auth/password", json=body, headers=auth_headers)
        assert response.status_code == 400
    _assert_throttled(
        client.post("/api/auth/password", json=body, headers=auth_headers)
    )
