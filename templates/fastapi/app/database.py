"""Database engine, session factory and the declarative base."""

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import anyio
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import (
    DateTime,
    Dialect,
    MetaData,
    Numeric,
    String,
    create_engine,
    event,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from app.config import get_settings

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base; every constraint and index gets a predictable name."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware timestamp, stored in UTC and always read back aware.

    SQLite keeps no offset, so values are normalised to UTC on the way in and
    marked as UTC on the way out.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(
        self, value: datetime | None, dialect: Dialect
    ) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime values are not accepted")
        return value.astimezone(UTC)

    def process_result_value(
        self, value: datetime | None, dialect: Dialect
    ) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class ExactNumeric(TypeDecorator[Decimal]):
    """An exact decimal with a fixed number of places, read back as written.

    PostgreSQL keeps NUMERIC exactly. SQLite would turn the value into a float
    and keep about 15 significant digits, so there the column holds the
    value's text, always with all its places.
    """

    impl = Numeric
    cache_ok = True

    def __init__(self, precision: int, scale: int) -> None:
        super().__init__(precision=precision, scale=scale, asdecimal=True)
        self.quantum = Decimal(1).scaleb(-scale)
        # A sign, the digits and the point.
        self.text_length = precision + 2

    def load_dialect_impl(self, dialect: Dialect) -> Any:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(self.text_length))
        return dialect.type_descriptor(self.impl_instance)

    def _exact(self, value: Any) -> Decimal:
        # A float (a row written by hand) is read by its shortest text.
        exact = Decimal(repr(value) if isinstance(value, float) else value).quantize(
            self.quantum
        )
        return exact if exact else abs(exact)

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        exact = self._exact(value)
        return format(exact, "f") if dialect.name == "sqlite" else exact

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return self._exact(value)


CalendarDate = date
"""A calendar date (``datetime.date``), under a name no field can shadow."""

Timestamp = datetime
"""A timezone-aware instant (``datetime.datetime``), under a name no field can shadow."""


def utcnow() -> datetime:
    """The current instant, timezone-aware."""
    return datetime.now(UTC)


def _make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _enable_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    # Timestamps are exchanged in UTC, so every stored instant can be read.
    return create_engine(
        url, pool_pre_ping=True, connect_args={"options": "-c timezone=UTC"}
    )


engine = _make_engine(get_settings().database_url)
SessionLocal = sessionmaker(bind=engine, autoflush=False, expire_on_commit=False)


async def get_db() -> AsyncIterator[Session]:
    """FastAPI dependency: one session per request, always closed.

    Opening a session touches no connection, so it happens on the event
    loop; closing one hands its connection back with a rollback, so that
    runs in a worker thread, as the queries do, and runs to the end even if
    the request is cancelled. (A plain generator would send both steps to a
    worker thread, each a hop between threads.)
    """
    session = SessionLocal()
    try:
        yield session
    finally:
        with anyio.CancelScope(shield=True):
            await run_in_threadpool(session.close)
