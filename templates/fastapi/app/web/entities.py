"""The pages of every entity: each form's fields, and the API's rules that
apply to a change (the constants of the entity's API router)."""

{{ imports }}
from app import models
{% if !profile.is_empty() %}from app.schemas.profile import ProfileUpdate
{% endif %}from app.web.fields import EntityPages, FieldSpec, {% if names_a_kind() %}Kind, {% endif %}StoryLink
{% for w in pages %}
{{ w.constant }} = EntityPages(
    name="{{ w.e.name }}",
    model=models.{{ w.e.name }},
    schema=app.schemas.{{ w.e.snake }}.{{ w.e.name }}Create,
    path="{{ w.path }}",
    api_path="{{ w.e.url }}",
    singular={{ w.e.label|py_str }},
    plural={{ w.e.plural_label|py_str }},
    label_field={{ w.label_field }},
    fields={{ w.fields|py_tuple }},
    list_fields={{ w.list_fields }},
    unique=app.routers.{{ w.e.snake }}.UNIQUE,
    case_insensitive=app.routers.{{ w.e.snake }}.CASE_INSENSITIVE,
    references=app.routers.{{ w.e.snake }}.REFERENCES,
    children=app.routers.{{ w.e.snake }}.CHILDREN,
)
{% endfor %}
ENTITIES: tuple[EntityPages, ...] = {{ self.constants()|py_tuple }}
BY_NAME: dict[str, EntityPages] = {entity.name: entity for entity in ENTITIES}

SUMMARY = {{ summary|py_str }}

STORIES: tuple[StoryLink, ...] = {{ self.story_links()|py_tuple }}

# The account's profile fields, changed on the profile page (none without
# profile fields), and the API's schema of a change to them.
PROFILE_FIELDS: tuple[FieldSpec, ...] = {{ profile|py_tuple }}
PROFILE_SCHEMA = {% if profile.is_empty() %}None{% else %}ProfileUpdate{% endif %}
