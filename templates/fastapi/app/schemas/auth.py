"""Schemas for registration, login and the current user."""

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator
{% if !p.fields.is_empty() %}
from app.schemas.profile import ProfileFields
{% endif %}
PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_BYTES = 72  # bcrypt only reads the first 72 bytes


class Credentials(BaseModel):
    """Body of register and login."""

    model_config = ConfigDict(extra="forbid")

    email: EmailStr = Field(max_length=320)
    password: str = Field(min_length=PASSWORD_MIN_LENGTH, max_length=PASSWORD_MAX_BYTES)

    @field_validator("email")
    @classmethod
    def _normalise_email(cls, value: str) -> str:
        """Addresses compare case-insensitively."""
        return value.lower()

    @field_validator("password")
    @classmethod
    def _fits_bcrypt(cls, value: str) -> str:
        if len(value.encode("utf-8")) > PASSWORD_MAX_BYTES:
            raise ValueError(f"password must be at most {PASSWORD_MAX_BYTES} bytes in UTF-8")
        return value


class UserResponse({% if p.fields.is_empty() %}BaseModel{% else %}ProfileFields{% endif %}):
    """The public view of an account."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    created_at: datetime


class Token(BaseModel):
    """A signed access token; the same token is also set as a cookie."""

    access_token: str
    token_type: str = "bearer"
