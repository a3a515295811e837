"""The account that signs in and owns every other row."""

from uuid import UUID, uuid4

from sqlalchemy import Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from app.database import Base, Timestamp, UTCDateTime, utcnow


class User(Base):
    __tablename__ = "users"

    id: Mapped[UUID] = mapped_column(Uuid(), primary_key=True, default=uuid4)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    # Bumped on logout: tokens issued before carry an older version and are refused.
    token_version: Mapped[int] = mapped_column(Integer(), default=0)
    created_at: Mapped[Timestamp] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[Timestamp] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
