"""ORM models. Importing this package registers every table on ``Base.metadata``."""

{% for line in import_lines %}{{ line }}
{% endfor %}
__all__ = [{{ all_names }}]
