"""Alembic environment: migrates the database named by the application settings."""

import warnings
from logging.config import fileConfig

from alembic import context
from sqlalchemy import create_engine, pool

import app.models
import app.throttle  # noqa: F401  (with app.models, registers every table on the metadata)
from app.config import get_settings
from app.database import Base

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata

# SQLite cannot report an index on an expression (the case-insensitive
# indexes of unique e-mail addresses), so autogenerate leaves those out of
# its comparison there; PostgreSQL compares them.
warnings.filterwarnings("ignore", message=".*expression-based index")


def _url() -> str:
    return get_settings().database_url


def _text_literal(default: str) -> str | None:
    """The text of a SQL string literal as a database reports a default.

    SQLite reports 'it''s fine', PostgreSQL 'it''s fine'::character varying;
    anything else (a number, a function call) gives None.
    """
    if not default.startswith("'"):
        return None
    text = []
    i = 1
    while i < len(default):
        if default[i] == "'":
            if default[i + 1 : i + 2] == "'":
                text.append("'")
                i += 2
                continue
            rest = default[i + 1 :]
            return "".join(text) if not rest or rest.startswith("::") else None
        text.append(default[i])
        i += 1
    return None


def _compare_server_default(
    _context,
    _inspected_column,
    _metadata_column,
    inspected_default,
    metadata_default,
    _rendered_metadata_default,
):
    """Compare a text default by its text.

    Alembic's own comparison keeps the doubled quote of a stored literal on
    SQLite and writes an unescaped one into SQL on PostgreSQL, so a default
    holding an apostrophe would always look changed, or fail. Any other
    default is left to Alembic (None).
    """
    model_text = getattr(metadata_default, "arg", None)
    if inspected_default is None or not isinstance(model_text, str):
        return None
    stored_text = _text_literal(inspected_default.strip())
    if stored_text is None:
        return None
    return stored_text != model_text


def run_migrations_offline() -> None:
    """Emit SQL to stdout instead of connecting."""
    url = _url()
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=url.startswith("sqlite"),
        compare_type=True,
        compare_server_default=_compare_server_default,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Connect and migrate."""
    url = _url()
    connectable = create_engine(url, poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            compare_server_default=_compare_server_default,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
