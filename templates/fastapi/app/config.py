"""Application settings, read from the environment and the ``.env`` file."""

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

BASE_DIR = Path(__file__).resolve().parent.parent

APP_TITLE = {{ solution_name|py_str }}
APP_VERSION = "0.1.0"


class Settings(BaseSettings):
    """Runtime configuration. Environment variables override ``.env``."""

    model_config = SettingsConfigDict(
        env_file=BASE_DIR / ".env",
        env_file_encoding="utf-8",
        extra="ignore",
    )

    database_url: str = f"sqlite:///{BASE_DIR / 'app.db'}"
    secret_key: str = Field(min_length=32)
    access_token_expire_minutes: int = Field(default=60, gt=0)
    # bcrypt's work factor: each step doubles the cost of a hash. The test
    # suite lowers it, since it registers many accounts.
    bcrypt_rounds: int = Field(default=12, ge=4, le=31)
    cookie_secure: bool = False
    cors_origins: Annotated[list[str], NoDecode] = ["http://localhost:3000"]
    # The largest request body read, in bytes; a larger one is answered 413.
    max_body_bytes: int = Field(default=1024 * 1024, gt=0)

    @field_validator("database_url", mode="after")
    @classmethod
    def _postgres_driver(cls, value: str) -> str:
        """Accept postgres:// and postgresql:// URLs, for the installed driver."""
        scheme, separator, rest = value.partition("://")
        if separator and scheme in ("postgres", "postgresql"):
            return f"postgresql+psycopg://{rest}"
        return value

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        """Accept a comma-separated list as well as a JSON-style list."""
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @field_validator("cors_origins", mode="after")
    @classmethod
    def _no_wildcard(cls, value: list[str]) -> list[str]:
        """Credentials are allowed, so a wildcard origin would be unsafe."""
        if "*" in value:
            raise ValueError("CORS_ORIGINS must list explicit origins, not '*'")
        return value


@lru_cache
def get_settings() -> Settings:
    """Return the process-wide settings, loaded once."""
    return Settings()
