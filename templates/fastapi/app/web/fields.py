"""What the pages know of each entity: its fields' inputs, how a form's text
becomes the values the API's schemas validate, and how stored values are shown."""

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from app.database import Base


class Kind(Enum):
    """The input a field is edited with."""

    STRING = "string"
    TEXT = "text"
    INTEGER = "integer"
    FLOAT = "float"
    DECIMAL = "decimal"
    BOOLEAN = "boolean"
    DATE = "date"
    DATETIME = "datetime"
    UUID = "uuid"
    JSON = "json"
    EMAIL = "email"
    URL = "url"
    ENUM = "enum"
    LINK = "link"


@dataclass(frozen=True)
class FieldSpec:
    """One field of a form: its column, its label and the input's limits."""

    name: str
    label: str
    kind: Kind
    required: bool
    default: str = ""
    min_length: int | None = None
    max_length: int | None = None
    minimum: str | None = None
    maximum: str | None = None
    step: str | None = None
    choices: tuple[str, ...] = ()
    link: str | None = None
    """For a link: the name of the entity linked to."""
    example: str = ""
    """A value that fits the field's pattern, shown as the input's placeholder."""

    @property
    def input_id(self) -> str:
        return f"field-{self.name}"


@dataclass(frozen=True)
class EntityPages:
    """An entity's pages: where they are, what they show and which of the
    API's rules apply to a change."""

    name: str
    model: type[Base]
    schema: type[BaseModel]
    path: str
    api_path: str
    singular: str
    plural: str
    label_field: str | None
    fields: tuple[FieldSpec, ...]
    list_fields: tuple[str, ...]
    unique: tuple[tuple[str, ...], ...] = ()
    case_insensitive: tuple[str, ...] = ()
    references: tuple[tuple[str, type[Any]], ...] = ()
    children: tuple[tuple[type[Any], str], ...] = ()
    links: tuple[FieldSpec, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "links", tuple(f for f in self.fields if f.kind is Kind.LINK)
        )

    @property
    def singular_title(self) -> str:
        return self.singular[:1].upper() + self.singular[1:]

    @property
    def plural_title(self) -> str:
        return self.plural[:1].upper() + self.plural[1:]

    def field_named(self, name: str) -> FieldSpec:
        return next(f for f in self.fields if f.name == name)

    def label_of(self, row: Any) -> str:
        """The row as people name it: its label field, or its id."""
        value = getattr(row, self.label_field) if self.label_field else None
        return str(value) if value not in (None, "") else str(row.id)


FormErrors = dict[str, str]
"""A message per field name; the empty name holds the form's own message."""


def read_form(
    fields: tuple[FieldSpec, ...], form: FormData
) -> tuple[dict[str, Any], dict[str, str]]:
    """The values to validate, and the text of each field as it was typed.

    A field left empty is null when optional, and left out when required, so
    that the schema fills in its default or reports it missing.
    """
    values: dict[str, Any] = {}
    typed: dict[str, str] = {}
    for spec in fields:
        raw = form.get(spec.name)
        text = raw if isinstance(raw, str) else ""
        typed[spec.name] = text
        if spec.kind is Kind.BOOLEAN:
            values[spec.name] = text == "on"
            continue
        if spec.kind not in (Kind.STRING, Kind.TEXT) and not text.strip():
            text = ""
        if text == "":
            if not spec.required:
                values[spec.name] = None
            continue
        values[spec.name] = _parsed(spec.kind, text)
    return values, typed


def _parsed(kind: Kind, text: str) -> Any:
    """The value the schema validates for a field's text. Text that cannot be
    read is passed on as it is, so the schema words the error."""
    if kind is Kind.DATETIME:
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return text
        # A datetime-local input has no time zone: the pages speak UTC.
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    if kind is Kind.JSON:
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return _NotJson(text)
    # The API takes numbers, not their text (a decimal takes both).
    if kind is Kind.INTEGER:
        return _number(text, int)
    if kind is Kind.FLOAT:
        return _number(text, float)
    if kind is Kind.DECIMAL:
        return text.strip()
    return text


def _number(text: str, read: Callable[[str], Any]) -> Any:
    try:
        return read(text.strip())
    except ValueError:
        return text


class _NotJson(str):
    """Text typed into a JSON field that is not JSON."""


def validate(
    schema: type[BaseModel], values: dict[str, Any]
) -> tuple[dict[str, Any] | None, FormErrors]:
    """The values as the API's schema reads them, or the errors by field."""
    errors: FormErrors = {
        name: 'Enter valid JSON, for example {"key": "value"} or [1, 2]'
        for name, value in values.items()
        if isinstance(value, _NotJson)
    }
    errors.update(
        (name, "Text cannot hold the NUL character")
        for name, value in values.items()
        if isinstance(value, str) and "\x00" in value
    )
    if errors:
        return None, errors
    try:
        return schema.model_validate(values).model_dump(), {}
    except ValidationError as error:
        return None, errors_by_field(error)


def errors_by_field(error: ValidationError) -> FormErrors:
    """The first message of each field, in words."""
    errors: FormErrors = {}
    for problem in error.errors():
        location = problem.get("loc", ())
        name = str(location[0]) if location else ""
        message = str(problem.get("msg", "Invalid value"))
        if message.startswith("value is not a valid email"):
            message = "Enter a valid e-mail address"
        if message.startswith("Value error, "):
            message = message.removeprefix("Value error, ")
        errors.setdefault(name, message[:1].upper() + message[1:])
    return errors


def input_text(spec: FieldSpec, value: Any) -> str:
    """A stored value as the field's input shows it."""
    if value is None:
        return ""
    if spec.kind is Kind.DATETIME and isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")
    if spec.kind is Kind.JSON:
        return json.dumps(value, ensure_ascii=False, indent=2)
    if isinstance(value, bool):
        return "on" if value else ""
    return str(value)


def display_text(spec: FieldSpec, value: Any) -> str:
    """A stored value as a list or a detail page shows it."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return moment(value)
    if isinstance(value, date | Decimal | uuid.UUID):
        return str(value)
    if spec.kind is Kind.JSON:
        return json.dumps(value, ensure_ascii=False, indent=2)
    return str(value)


def moment(value: datetime) -> str:
    """A date and time as the pages show it: to the minute, in UTC."""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


@dataclass(frozen=True)
class StoryLink:
    """A user story of the PRD, and the page where it is done (if any)."""

    sentence: str
    path: str | None
