"""The signed-in user's profile fields."""

{{ p.schema_imports }}


class ProfileFields(BaseModel):
    """Profile fields of an account, each optional or with a default."""

{% for f in p.fields %}    {{ f.name }}: {{ f.create_type() }}
{% endfor %}

class ProfileUpdate(BaseModel):
    """Body of PATCH /api/auth/me: only the fields sent are changed."""

    model_config = ConfigDict(extra="forbid")
{% for name in p.read_only %}    # `{{ name }}` says what the user may do: no user sets it for themselves.
{% endfor %}
{% for f in p.update_fields %}    {{ f.name }}: {{ f.update_type() }}
{% endfor %}{% if !p.required_names.is_empty() %}
    @field_validator({{ p.required_names }})
    @classmethod
    def _reject_null(cls, value: object) -> object:
        """A field with a default may be left out, but not cleared."""
        if value is None:
            raise ValueError("this field is required and cannot be null")
        return value
{% endif %}