"""{{ summary|py_doc }}

Revision ID: {{ revision }}
Revises: {{ down_revision }}
"""

from collections.abc import Sequence

{% if up.uses_sqlalchemy() || down.uses_sqlalchemy() %}import sqlalchemy as sa
{% endif %}from alembic import op

revision: str = "{{ revision }}"
down_revision: str | None = "{{ down_revision }}"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
{% if !up.checks.is_empty() || !down.checks.is_empty() %}

def _refuse_offending_rows(table: str, column: str, where: str, problem: str) -> None:
    """Stop before anything changes when rows break the new declaration."""
    count = (
        op.get_bind()
        .execute(sa.text(f"SELECT count(*) FROM {table} WHERE {where}"))
        .scalar_one()
    )
    if count:
        raise RuntimeError(
            f"table {table}, column {column}: {count} row(s) {problem}; "
            "change them, then run the migration again"
        )
{% endif %}

def upgrade() -> None:
{% for line in up.checks %}    {{ line }}
{% endfor %}{% for e in up.created %}{% include "fastapi/alembic/versions/create_table.py" %}{% endfor %}{% for line in up.altered %}    {{ line }}
{% endfor %}{% for table in up.dropped %}    op.drop_table("{{ table }}")
{% endfor %}{% if up.is_empty() %}    pass
{% endif %}

def downgrade() -> None:
{% for line in down.checks %}    {{ line }}
{% endfor %}{% for e in down.created %}{% include "fastapi/alembic/versions/create_table.py" %}{% endfor %}{% for line in down.altered %}    {{ line }}
{% endfor %}{% for table in down.dropped %}    op.drop_table("{{ table }}")
{% endfor %}{% if down.is_empty() %}    pass
{% endif %}
