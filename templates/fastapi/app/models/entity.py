"""The {{ e.table }} table: {{ e.plural_label|py_doc }}."""

{{ e.model_imports }}


class {{ e.name }}(Base):
    __tablename__ = "{{ e.table }}"
{% if !e.unique_fields.is_empty() || !e.unique_groups.is_empty() || !e.checks.is_empty() %}    __table_args__ = (
{% for f in e.unique_fields %}        UniqueConstraint("user_id", "{{ f }}"),
{% endfor %}{% for g in e.unique_groups %}        UniqueConstraint("user_id", {{ g }}),
{% endfor %}{% for (name, sql) in e.checks %}        CheckConstraint({{ sql|py_str }}, name="{{ name }}"),
{% endfor %}    )
{% endif %}
    id: Mapped[UUID] = mapped_column(Uuid(), primary_key=True, default=uuid4)
    user_id: Mapped[UUID] = mapped_column(
        Uuid(), ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
{% for f in e.fields %}    {{ f.name }}: Mapped[{{ f.model_type() }}] = mapped_column({{ f.sa_type }}{{ f.column_args() }})
{{ f.relationship() }}{% endfor %}    created_at: Mapped[Timestamp] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[Timestamp] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
