"""Throttling of sign-ins and registrations, per account and per client address.

Each counter is a row of the ``auth_throttle`` table, so every process of the
app sees the same counts. A counter counts hits in a fixed window: the first
hit opens the window, and once the window is over the next hit starts again
from one. A hit is counted before the password is checked (a flood of
parallel attempts cannot slip through before the count goes up), and a
successful sign-in takes its hits back. Rows of windows long over are deleted
as new windows open.
"""

import time
from dataclasses import dataclass

from fastapi import HTTPException, Request, status
from sqlalchemy import BigInteger, Integer, String, case, delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.config import get_settings
from app.database import Base


class ThrottleCounter(Base):
    __tablename__ = "auth_throttle"

    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    hits: Mapped[int] = mapped_column(Integer())
    # When the window ends, in seconds since the Unix epoch.
    window_ends: Mapped[int] = mapped_column(BigInteger(), index=True)


@dataclass(frozen=True)
class Rule:
    """At most ``limit`` hits per ``window`` seconds for each key."""

    scope: str
    limit: int
    window: int


def _login_rules() -> tuple[Rule, Rule]:
    settings = get_settings()
    window = settings.login_window_seconds
    return (
        Rule("login:account", settings.login_failures_per_account, window),
        Rule("login:client", settings.login_failures_per_client, window),
    )


def _register_rules() -> tuple[Rule, Rule]:
    settings = get_settings()
    window = settings.register_window_seconds
    return (
        Rule("register:account", settings.registrations_per_account, window),
        Rule("register:client", settings.registrations_per_client, window),
    )


def client_address(request: Request) -> str:
    """The client's address (behind a proxy, uvicorn's ``--forwarded-allow-ips``
    makes it the address the proxy saw)."""
    return request.client.host if request.client is not None else "unknown"


def _upsert(db: Session, key: str, now: int, window: int) -> tuple[int, int]:
    """Count one hit on ``key``; return its hits and the end of its window."""
    dialect = db.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = ThrottleCounter.__table__
    expired = table.c.window_ends <= now
    statement = (
        insert(table)
        .values(key=key, hits=1, window_ends=now + window)
        .on_conflict_do_update(
            index_elements=[table.c.key],
            set_={
                "hits": case((expired, 1), else_=table.c.hits + 1),
                "window_ends": case((expired, now + window), else_=table.c.window_ends),
            },
        )
        .returning(table.c.hits, table.c.window_ends)
    )
    hits, window_ends = db.execute(statement).one()
    return hits, window_ends


def _hit(db: Session, rules: tuple[Rule, Rule], subjects: tuple[str, str]) -> None:
    """Count a hit under each rule (its subject: an e-mail, an address) and
    commit; 429 with ``Retry-After`` when any count is over its limit."""
    now = int(time.time())
    wait = 0
    for rule, subject in zip(rules, subjects, strict=True):
        hits, window_ends = _upsert(db, f"{rule.scope}:{subject}", now, rule.window)
        if hits == 1:
            db.execute(delete(ThrottleCounter).where(ThrottleCounter.window_ends < now))
        if hits > rule.limit:
            wait = max(wait, window_ends - now)
    db.commit()
    if wait:
        raise HTTPException(
            status_code=status.HTTP_429_TOO_MANY_REQUESTS,
            detail="Too many attempts; try again later",
            headers={"Retry-After": str(max(1, wait))},
        )


def hit_login(db: Session, email: str, address: str) -> None:
    """A sign-in attempt (or a check of the current password), counted as a
    failure until it succeeds; 429 when the account or the address is over
    its limit."""
    _hit(db, _login_rules(), (email, address))


def login_succeeded(db: Session, email: str, address: str) -> None:
    """Take back the hits of a sign-in that succeeded; the caller commits.

    The account's counter starts again; the address's loses this one hit.
    """
    account, client = _login_rules()
    db.execute(
        delete(ThrottleCounter).where(ThrottleCounter.key == f"{account.scope}:{email}")
    )
    db.execute(
        update(ThrottleCounter)
        .where(
            ThrottleCounter.key == f"{client.scope}:{address}", ThrottleCounter.hits > 0
        )
        .values(hits=ThrottleCounter.hits - 1)
    )


def hit_register(db: Session, email: str, address: str) -> None:
    """A registration attempt; 429 when the e-mail or the address is over its limit."""
    _hit(db, _register_rules(), (email, address))
