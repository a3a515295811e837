"""Initial schema: users and every entity table.

Revision ID: {{ revision }}
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "{{ revision }}"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("email", {{ p.email_migration }}, nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("token_version", sa.Integer(), nullable=False),
{% for f in p.fields %}        sa.Column("{{ f.name }}", {{ f.migration_type }}, nullable={% if f.required %}False{% else %}True{% endif %}{{ f.migration_default() }}),
{% endfor %}        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
{% for (name, sql) in p.checks %}        sa.CheckConstraint({{ sql|py_str }}, name=op.f("ck_users_{{ name }}")),
{% endfor %}    )
{% for f in p.fields %}{% if f.indexed %}    op.create_index(op.f("ix_users_{{ f.name }}"), "users", ["{{ f.name }}"], unique=False)
{% endif %}{% endfor %}
    op.create_table(
        "auth_throttle",
        sa.Column("key", sa.String(length=400), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("window_ends", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_auth_throttle")),
    )
    op.create_index(op.f("ix_auth_throttle_window_ends"), "auth_throttle", ["window_ends"], unique=False)
{% for e in entities %}
{% include "fastapi/alembic/versions/create_table.py" %}{% endfor %}{% if !deferred.is_empty() %}
    # A link in a circle of links gets its foreign key once both tables exist.
    # SQLite cannot add one to a table: it made them with the tables.
    if op.get_context().dialect.supports_alter:
{% for (table, r) in deferred %}        op.create_foreign_key(op.f("fk_{{ table }}_{{ r.name }}_{{ r.ref_table() }}"), "{{ table }}", "{{ r.ref_table() }}", ["{{ r.name }}"], ["id"], ondelete="{{ r.on_delete }}")
{% endfor %}{% endif %}

def downgrade() -> None:
{% if !deferred.is_empty() %}    if op.get_context().dialect.supports_alter:
{% for (table, r) in deferred %}        op.drop_constraint(op.f("fk_{{ table }}_{{ r.name }}_{{ r.ref_table() }}"), "{{ table }}", type_="foreignkey")
{% endfor %}{% endif %}{% for e in entities_reversed %}    op.drop_table("{{ e.table }}")
{% endfor %}    op.drop_table("auth_throttle")
    op.drop_table("users")
