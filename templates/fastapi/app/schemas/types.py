"""Constrained field types shared by every schema.

Each alias carries the same limits as the column it is stored in, so invalid
input is answered 422 before it reaches the database, and no value is
accepted that the database could not give back.
"""

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AnyHttpUrl,
    AwareDatetime,
    BeforeValidator,
    EmailStr,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    Strict,
    StringConstraints,
    TypeAdapter,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema


def _written_as_text(value: Any) -> Any:
    """Refuses a number where a date or a time is due: JSON writes them as
    text, as the schema says, and a number would otherwise be read as
    seconds since 1970."""
    if isinstance(value, int | float):
        raise ValueError("a date or a time is written as text, e.g. 2024-05-31")
    return value


CalendarDate = Annotated[date, BeforeValidator(_written_as_text)]
"""A calendar date, under a name no field can shadow."""


NOT_BLANK_PATTERN = {{ not_blank_pattern }}
"""One character that is not whitespace (``str.isspace``), spelt out so that
every regular-expression dialect reading the schema finds the same set."""


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("this field is required and cannot be empty or blank")
    return value


class _NotBlank:
    """Refuses empty and blank text, and says so in the JSON schema with
    NOT_BLANK_PATTERN (beside the field's own pattern, if it has one)."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_after_validator_function(_not_blank, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        if "pattern" in json_schema:
            json_schema["allOf"] = [{"pattern": NOT_BLANK_PATTERN}]
        else:
            json_schema["pattern"] = NOT_BLANK_PATTERN
        return json_schema


NOT_BLANK = _NotBlank()
"""Marks a required text field: empty and blank values are refused."""

StrictBoolean = Annotated[bool, Strict()]
"""``true`` or ``false``: not ``1``, ``0`` or ``"yes"``, which the lax mode
would take for one."""

ShortText = Annotated[str, StringConstraints(max_length={{ string_max }})]
"""Text of at most {{ string_max }} characters (a ``string`` field)."""

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1


def _int64_schema(schema: dict[str, Any]) -> None:
    """Says ``int64``; the range's own ends are left out (FastAPI writes
    bounds as floats, which cannot hold them), a field's bounds are kept."""
    schema["format"] = "int64"
    if schema.get("minimum") == INT64_MIN:
        del schema["minimum"]
    if schema.get("maximum") == INT64_MAX:
        del schema["maximum"]


# The range is a constraint, not a validator: the bounds a field adds are
# then written as the schema's minimum and maximum.
Int64 = Annotated[
    int, Field(ge=INT64_MIN, le=INT64_MAX, json_schema_extra=_int64_schema)
]
"""A signed 64-bit integer, the range of a BIGINT column."""

FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]
"""A double-precision number; NaN and infinities are refused."""

ExactDecimal = Annotated[
    Decimal,
    Field(max_digits={{ precision }}, decimal_places={{ scale }}, allow_inf_nan=False),
]
"""An exact decimal with {{ precision }} digits, {{ scale }} of them after the point.

A write answers with the stored value, always with {{ scale }} places."""


def _to_utc(value: datetime) -> datetime:
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError(
            "the date and time must lie between years 1 and 9999 in UTC"
        ) from None


UtcDatetime = Annotated[
    AwareDatetime, BeforeValidator(_written_as_text), AfterValidator(_to_utc)
]
"""A date and time with its offset, kept and answered in UTC."""

JSON_MAX_DEPTH = 32
JSON_MAX_BYTES = 65536


def _json_depth(value: Any) -> int:
    """How deeply arrays and objects nest in value, without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > JSON_MAX_DEPTH:
                return depth
            deepest = max(deepest, depth)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest


def _bounded_json(value: Any) -> Any:
    if _json_depth(value) > JSON_MAX_DEPTH:
        raise ValueError(f"JSON values may nest at most {JSON_MAX_DEPTH} levels deep")
    try:
        text = json.dumps(
            value, ensure_ascii=False, allow_nan=False, separators=(",", ":")
        )
        size = len(text.encode("utf-8"))
    except (TypeError, ValueError):
        raise ValueError(
            "the value must be valid JSON with finite numbers and valid Unicode"
        ) from None
    if size > JSON_MAX_BYTES:
        raise ValueError(f"JSON values may take at most {JSON_MAX_BYTES} bytes")
    return value


BoundedJson = Annotated[Any, AfterValidator(_bounded_json)]
"""Any JSON value, nested at most 32 levels deep and at most 64 KiB long."""

EmailAddress = Annotated[EmailStr, StringConstraints(max_length={{ email_max }})]
"""A validated e-mail address."""

_HTTP_URL = TypeAdapter(AnyHttpUrl)


def _normalise_http_url(value: str) -> str:
    return str(_HTTP_URL.validate_python(value))


HttpUrl = Annotated[
    str,
    StringConstraints(min_length=1, max_length={{ url_max }}),
    AfterValidator(_normalise_http_url),
    Field(json_schema_extra={"format": "uri"}),
]
"""An absolute http or https URL, validated and kept in its normalised string form."""
