"""The account that signs in and owns every other row{% if !p.fields.is_empty() %}, with its profile fields{% endif %}."""

{{ p.model_imports }}


class User(Base):
    __tablename__ = "users"
{% if !p.checks.is_empty() %}    __table_args__ = (
{% for (name, sql) in p.checks %}        CheckConstraint({{ sql|py_str }}, name="{{ name }}"),
{% endfor %}    )
{% endif %}
    id: Mapped[UUID] = mapped_column(Uuid(), primary_key=True, default=uuid4)
    email: Mapped[str] = mapped_column({{ p.email_column }}, unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    # Bumped on logout and on a password change: tokens issued before carry an
    # older version and are refused.
    token_version: Mapped[int] = mapped_column(Integer(), default=0)
{% for f in p.fields %}    {{ f.name }}: Mapped[{{ f.model_type() }}] = mapped_column({{ f.sa_type }}{{ f.column_args() }})
{% endfor %}    created_at: Mapped[Timestamp] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[Timestamp] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow
    )
