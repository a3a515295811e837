"""Password hashing and the password rules.

New hashes are Argon2id. Hashes made by bcrypt (by an earlier version of the
app) are still verified, and replaced by an Argon2id hash at the next
successful sign-in. Hashing and the strength check are slow on purpose, so
they run on a few threads of their own: a flood of sign-ins waits for those
threads and never takes the threads that serve every other request.
"""

from dataclasses import dataclass
from functools import cache

import bcrypt
from anyio import CapacityLimiter, to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from app.config import get_settings

PASSWORD_MIN_LENGTH = 12
PASSWORD_MAX_LENGTH = 128
# zxcvbn's score from 0 to 4; 3 means about 10^8 guesses or more.
PASSWORD_MIN_SCORE = 3
# bcrypt reads at most 72 bytes: no password of a bcrypt-era account is longer.
BCRYPT_MAX_BYTES = 72


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking a password: whether it matched, and the hash
    to store instead of the old one when the old one is outdated."""

    ok: bool
    new_hash: str | None = None


@cache
def _hasher() -> PasswordHasher:
    settings = get_settings()
    return PasswordHasher(
        time_cost=settings.argon2_time_cost,
        memory_cost=settings.argon2_memory_kib,
        parallelism=4,
    )


@cache
def _limiter() -> CapacityLimiter:
    return CapacityLimiter(get_settings().password_hashing_threads)


@cache
def _dummy_hash() -> str:
    """Verified against when the e-mail is unknown, so both failures take as long."""
    return _hasher().hash("timing-equaliser")


def _hash(password: str) -> str:
    return _hasher().hash(password)


def _verify(password: str, password_hash: str | None) -> Verdict:
    hasher = _hasher()
    if password_hash is None:
        try:
            hasher.verify(_dummy_hash(), password)
        except VerificationError:
            pass
        return Verdict(ok=False)
    if password_hash.startswith("$2"):
        candidate = password.encode("utf-8")
        if len(candidate) > BCRYPT_MAX_BYTES:
            return Verdict(ok=False)
        if not bcrypt.checkpw(candidate, password_hash.encode("ascii")):
            return Verdict(ok=False)
        return Verdict(ok=True, new_hash=hasher.hash(password))
    try:
        hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return Verdict(ok=False)
    if hasher.check_needs_rehash(password_hash):
        return Verdict(ok=True, new_hash=hasher.hash(password))
    return Verdict(ok=True)


def _weakness(password: str, email: str) -> str | None:
    result = zxcvbn(
        password, user_inputs=[email, *email.split("@")], max_length=PASSWORD_MAX_LENGTH
    )
    if result["score"] >= PASSWORD_MIN_SCORE:
        return None
    warning = result["feedback"]["warning"]
    reason = f" ({warning.rstrip('.')})" if warning else ""
    return f"password is too easy to guess{reason}; use a longer passphrase of unrelated words"


async def hash_password(password: str) -> str:
    """The Argon2id hash of a password, computed on the hashing threads."""
    return await to_thread.run_sync(_hash, password, limiter=_limiter())


async def verify_password(password: str, password_hash: str | None) -> Verdict:
    """Check a password on the hashing threads; None stands for an unknown
    account and takes as long as a wrong password."""
    return await to_thread.run_sync(
        _verify, password, password_hash, limiter=_limiter()
    )


async def password_weakness(password: str, email: str) -> str | None:
    """Why the password is refused (a common password, or close to the
    e-mail address), or None; checked on the hashing threads."""
    return await to_thread.run_sync(_weakness, password, email, limiter=_limiter())
