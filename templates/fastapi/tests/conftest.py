"""Test fixtures: a migrated database and signed-in clients.

The suite runs on a fresh SQLite file by default. Set TEST_DATABASE_URL to run
it on another database (for example an empty PostgreSQL database); the schema
is built with the real Alembic migration and dropped again at the end.
"""

import itertools
import os
import re
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from fastapi.testclient import TestClient
from sqlalchemy import event

BASE_DIR = Path(__file__).resolve().parent.parent
_tmpdir = tempfile.TemporaryDirectory(prefix="app-tests-")
# Many accounts are registered; the lowest Argon2 cost keeps it quick.
# The app reads its settings when it is first imported: the fixtures import
# it, once these point at the test database.
os.environ.setdefault("ARGON2_TIME_COST", "1")
os.environ.setdefault("ARGON2_MEMORY_KIB", "32")
os.environ["DATABASE_URL"] = os.environ.get(
    "TEST_DATABASE_URL", f"sqlite:///{Path(_tmpdir.name) / 'test.db'}"
)

PASSWORD = "correct horse battery staple"
# Each test is a visitor of its own, from an address of its own (from the
# documentation range, 2001:db8::/32): the throttle's counts per address stay
# those of one visitor, as in real use.
_addresses = (f"2001:db8::{n:x}" for n in itertools.count(1))


@pytest.fixture(scope="session", autouse=True)
def migrated_database() -> Iterator[None]:
    """Run the Alembic migrations up before the suite and down after it."""
    from app.database import engine

    config = Config(str(BASE_DIR / "alembic.ini"))
    command.upgrade(config, "head")
    yield
    # The suite's rows go first: a downgrade refuses rows that do not fit an
    # older schema (a decimal with a fraction going back to an integer).
    import app.models
    import app.throttle  # noqa: F401  (with app.models, registers every table on the metadata)
    from app.database import Base

    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
    engine.dispose()
    command.downgrade(config, "base")
    engine.dispose()
    _tmpdir.cleanup()


@pytest.fixture
def statements() -> Iterator[list[tuple[str, Any]]]:
    """The SELECT statements sent to the database while the test runs."""
    from app.database import engine

    seen: list[tuple[str, Any]] = []

    def record(
        _conn: Any,
        _cursor: Any,
        statement: str,
        parameters: Any,
        _context: Any,
        many: bool,
    ) -> None:
        if not many and statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


@pytest.fixture
def client() -> Iterator[TestClient]:
    """An anonymous client, from an address no other test uses."""
    from main import app

    with TestClient(app, client=(next(_addresses), 50000)) as test_client:
        yield test_client


def register_and_login(client: TestClient) -> dict[str, str]:
    """Create a fresh account and return its Authorization header."""
    email = f"user-{uuid.uuid4().hex}@example.com"
    response = client.post(
        "/api/auth/register", json={"email": email, "password": PASSWORD}
    )
    assert response.status_code == 201, response.text
    response = client.post(
        "/api/auth/login", json={"email": email, "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


CSRF_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def token_of(client: TestClient, path: str) -> str:
    """The CSRF token of the form on the page at path."""
    page = client.get(path)
    assert page.status_code == 200, page.text
    found = CSRF_TOKEN.search(page.text)
    assert found is not None, f"no CSRF token on {path}"
    return found.group(1)


def sign_up(client: TestClient) -> str:
    """Create a fresh account through the pages, signed in by its cookie
    (the client must send the pages' origin); return its e-mail address."""
    email = f"page-{uuid.uuid4().hex}@example.com"
    response = client.post(
        "/sign-up",
        data={
            "email": email,
            "password": PASSWORD,
            "csrf_token": token_of(client, "/sign-up"),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return email


@pytest.fixture
def auth_headers(client: TestClient) -> dict[str, str]:
    """Headers of a freshly registered, signed-in user."""
    return register_and_login(client)


@pytest.fixture
def other_headers(client: TestClient) -> dict[str, str]:
    """Headers of a second, unrelated user."""
    return register_and_login(client)
