"""Application settings, read from the environment and the ``.env`` file."""

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Self

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

BASE_DIR = Path(__file__).resolve().parent.parent

APP_TITLE = {{ solution_name|py_str }}
APP_VERSION = "0.1.0"
APP_DESCRIPTION = {{ api_description|py_str }}


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

    # Accounts and secrets: password hashing, throttling, placeholder secrets.
    # Argon2id's cost: passes over the memory, and the memory in KiB. The
    # test suite lowers both, since it registers many accounts.
    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_kib: int = Field(default=65536, ge=32)
    # Threads that hash and check passwords, apart from those serving requests.
    password_hashing_threads: int = Field(default=2, ge=1)
    login_failures_per_account: int = Field(default=10, ge=1)
    login_failures_per_client: int = Field(default=100, ge=1)
    login_window_seconds: int = Field(default=900, ge=1)
    registrations_per_account: int = Field(default=10, ge=1)
    registrations_per_client: int = Field(default=100, ge=1)
    register_window_seconds: int = Field(default=3600, ge=1)
    postgres_password: str | None = None
    # Lets the placeholder values of .env.example through, for a throwaway
    # development setup only.
    allow_placeholder_secrets: bool = False

    @model_validator(mode="after")
    def _no_placeholder_secrets(self) -> Self:
        """The values of .env.example are public: refuse to run with them."""
        if self.allow_placeholder_secrets:
            return self
        secrets = {
            "SECRET_KEY": self.secret_key,
            "POSTGRES_PASSWORD": self.postgres_password or "",
            "DATABASE_URL": self.database_url,
        }
        for name, value in secrets.items():
            if PLACEHOLDER in value:
                raise ValueError(
                    f"{name} still holds the placeholder of .env.example; "
                    f"put a random value there ({NEW_SECRET_HINT})"
                )
        return self


PLACEHOLDER = "change-me"
NEW_SECRET_HINT = "python3 -c 'import secrets; print(secrets.token_hex(32))'"


def _reason(error: ValidationError) -> str:
    """One line saying what is wrong with the settings."""
    problems = []
    for item in error.errors(include_url=False, include_input=False):
        field = ".".join(str(part) for part in item["loc"]).upper()
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "missing" and field == "SECRET_KEY":
            message = (
                f"missing: set it in .env or in the environment ({NEW_SECRET_HINT})"
            )
            if not (BASE_DIR / ".env").exists():
                message = (
                    f"missing, and there is no .env file in {BASE_DIR}: "
                    f"copy .env.example to .env and set it ({NEW_SECRET_HINT})"
                )
        problems.append(f"{field}: {message}" if field else message)
    return "; ".join(problems)


@lru_cache
def get_settings() -> Settings:
    """Return the process-wide settings, loaded once.

    Settings that cannot be used stop the process with one line saying why.
    """
    try:
        return Settings()
    except ValidationError as error:
        raise SystemExit(f"Cannot start: {_reason(error)}") from None
