"""Schemas for registration, login and the current user."""

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from app.passwords import PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH
{% if !p.fields.is_empty() %}from app.schemas.profile import ProfileFields
{% endif %}from app.schemas.types import AccountEmail as Email

NewPassword = Annotated[
    str, Field(min_length=PASSWORD_MIN_LENGTH, max_length=PASSWORD_MAX_LENGTH)
]
# Any password an account may have had, older rules' included.
GivenPassword = Annotated[str, Field(min_length=1, max_length=PASSWORD_MAX_LENGTH)]


class Registration(BaseModel):
    """Body of register."""

    model_config = ConfigDict(extra="forbid")

    email: Email
    password: NewPassword


class Credentials(BaseModel):
    """Body of login."""

    model_config = ConfigDict(extra="forbid")

    email: Email
    password: GivenPassword


class PasswordChange(BaseModel):
    """Body of a password change."""

    model_config = ConfigDict(extra="forbid")

    current_password: GivenPassword
    new_password: NewPassword


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
