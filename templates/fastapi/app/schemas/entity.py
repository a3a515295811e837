"""Request and response schemas for {{ e.plural_label|py_doc }}."""

{{ e.schema_imports }}


class {{ e.name }}Base(BaseModel):
    """Writable fields of one {{ e.label|py_doc }}."""
{% if !e.fields.is_empty() %}
{% for f in e.fields %}    {{ f.name }}: {{ f.create_type() }}
{% endfor %}{% endif %}

class {{ e.name }}Create({{ e.name }}Base):
    """Body of POST (create) and PUT (full replacement)."""

    model_config = ConfigDict(extra="forbid")
{% if !e.required_json_fields.is_empty() %}
    @field_validator({{ e.required_json_fields }})
    @classmethod
    def _reject_null(cls, value: object) -> object:
        """A required JSON field holds a value; null is not one."""
        if value is None:
            raise ValueError("this field is required and cannot be null")
        return value
{% endif %}

class {{ e.name }}Update(BaseModel):
    """Body of PATCH: only the fields sent are changed."""

    model_config = ConfigDict(extra="forbid")
{% if !e.fields.is_empty() %}
{% for f in e.fields %}    {{ f.name }}: {{ f.update_type() }}
{% endfor %}{% endif %}{% if !e.required_names.is_empty() %}
    @field_validator({{ e.required_names }})
    @classmethod
    def _reject_null(cls, value: object) -> object:
        """A required field may be left out, but not cleared."""
        if value is None:
            raise ValueError("this field is required and cannot be null")
        return value
{% endif %}

class {{ e.name }}Response({{ e.name }}Base):
    """One stored {{ e.label|py_doc }}."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    user_id: UUID
    created_at: AwareDatetime
    updated_at: AwareDatetime


class {{ e.name }}Page(BaseModel):
    """One page of {{ e.plural_label|py_doc }}, oldest first."""

    items: list[{{ e.name }}Response]
    # None when the request asks for no count (`count=false`).
    total: int | None
    limit: int
    offset: int
    # The cursor of the next page (the list's `cursor` parameter), or None
    # on the last page.
    next: str | None
