"""The {{ e.table }} table: {{ e.plural_label|py_doc }}."""

{{ e.model_imports }}


class {{ e.name }}(Base):
    __tablename__ = "{{ e.table }}"
    __table_args__ = {{ self.table_args() }}

    id: Mapped[UUID] = mapped_column(Uuid(), primary_key=True, default=uuid4)
    user_id: Mapped[UUID] = mapped_column(
        Uuid(), ForeignKey("users.id", ondelete="CASCADE")
    )
{% for f in e.fields %}    {{ f.name }}: Mapped[{{ f.model_type() }}] = mapped_column({{ f.sa_type }}{{ f.column_args() }})
{{ f.relationship() }}{% endfor %}    created_at: Mapped[Timestamp] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[Timestamp] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow
    ){% for u in e.uniques %}{% if u.caseless() %}


# E-mail addresses are unique whatever their case; they are stored as given.
Index("{{ u.name }}", {{ u.index_expressions(e.name) }}, unique=True){% endif %}{% endfor %}
