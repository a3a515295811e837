"""Constrained field types shared by every schema.

Each alias carries the same limits as the column it is stored in, so invalid
input is answered 422 before it reaches the database, and no value is
accepted that the database could not give back.
"""

import json
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any

import email_validator
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


class Int64Within:
    """A signed 64-bit integer (the range of a BIGINT column) between ``ge``
    and ``le``: a JSON number without a fraction (``3``, or ``3.0`` as JSON
    Schema allows), not ``true`` or ``"3"``, which the lax mode would read
    as one."""

    def __init__(self, ge: int = INT64_MIN, le: int = INT64_MAX) -> None:
        self.ge = ge
        self.le = le

    @staticmethod
    def _a_number(value: Any) -> Any:
        if isinstance(value, bool | str):
            raise ValueError("a whole number is written without quotes, e.g. 42")
        return value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        whole = core_schema.int_schema(ge=self.ge, le=self.le)
        return core_schema.no_info_before_validator_function(self._a_number, whole)

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """Says ``int64``; the range's own ends are left out (FastAPI writes
        bounds as floats, which cannot hold them), a field's bounds are kept."""
        json_schema = handler(schema)
        json_schema["format"] = "int64"
        if json_schema.get("minimum") == INT64_MIN:
            del json_schema["minimum"]
        if json_schema.get("maximum") == INT64_MAX:
            del json_schema["maximum"]
        return json_schema


Int64 = Annotated[int, Int64Within()]
"""A signed 64-bit integer, the range of a BIGINT column."""

FiniteFloat = Annotated[float, Strict(), Field(allow_inf_nan=False)]
"""A double-precision number; NaN and infinities are refused, and so are
``true`` and ``"2.5"``, which the lax mode would read as one."""

DECIMAL_TEXT = {{ decimal_text }}
"""A decimal as text: a minus sign for a negative value only, at most
{{ whole_digits }} digits before the point (no leading zeros) and {{ scale }} after."""

DECIMAL_STEP = 10**-{{ scale }}
"""The smallest difference between two decimals: {{ scale }} places."""

DECIMAL_NUMBER_LIMIT = 10**{{ number_digits }}
"""A JSON number reaches the app as a binary float, which keeps 15
significant digits: a decimal this large or larger is sent as text."""


class DecimalWithin:
    """An exact decimal with {{ precision }} digits, {{ scale }} of them after the point,
    between ``ge`` and ``le``, sent as a JSON number or as text.

    ``text`` is the pattern of the texts in range: ``DECIMAL_TEXT`` with the
    bounds spelt out, which JSON Schema cannot state for a string. The JSON
    schema gives it to clients, and a text is checked against it, so that
    the two never disagree. A write answers with the stored value, always
    with {{ scale }} places.
    """

    def __init__(
        self,
        ge: Decimal | None = None,
        le: Decimal | None = None,
        text: str = DECIMAL_TEXT,
    ) -> None:
        self.ge = ge
        self.le = le
        self.text = text
        self._text = re.compile(text)

    def _written_exactly(self, value: Any) -> Any:
        if isinstance(value, str) and not self._text.fullmatch(value):
            if not _DECIMAL_SHAPE.fullmatch(value):
                raise ValueError(
                    "a decimal is written like 1234.5 or -0.25: at most "
                    "{{ whole_digits }} digits before the point and {{ scale }} after it"
                )
            raise ValueError(f"the value must lie {self._range()}")
        is_number = isinstance(value, int | float) and not isinstance(value, bool)
        if is_number and abs(value) >= DECIMAL_NUMBER_LIMIT:
            raise ValueError(
                'a decimal this large is sent as text, e.g. "123456789012.5", '
                "so that no digit is lost"
            )
        return value

    def _range(self) -> str:
        if self.ge is not None and self.le is not None:
            return f"between {self.ge} and {self.le}"
        if self.ge is not None:
            return f"at or above {self.ge}"
        return f"at or below {self.le}"

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        exact = core_schema.decimal_schema(
            max_digits={{ precision }},
            decimal_places={{ scale }},
            allow_inf_nan=False,
            ge=self.ge,
            le=self.le,
        )
        return core_schema.no_info_before_validator_function(
            self._written_exactly, exact
        )

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        # A request's schema; a response's is the text alone, as stored.
        for variant in json_schema.get("anyOf", []):
            if variant["type"] == "number":
                variant["multipleOf"] = DECIMAL_STEP
                variant["exclusiveMinimum"] = -DECIMAL_NUMBER_LIMIT
                variant["exclusiveMaximum"] = DECIMAL_NUMBER_LIMIT
            else:
                variant["pattern"] = self.text
        return json_schema


_DECIMAL_SHAPE = re.compile(DECIMAL_TEXT)

ExactDecimal = Annotated[Decimal, DecimalWithin()]
"""An exact decimal of any value it can hold (see ``DecimalWithin``)."""


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

# JSON Schema's ``email`` format, which openapi.yaml promises, takes any
# address of valid syntax, and the app sends no mail: a reserved domain
# (``.test``, ``.local``, ``.arpa``) is an address like another. Every
# e-mail field and the accounts' own (``AccountEmail``) are defined here,
# after it.
email_validator.SPECIAL_USE_DOMAIN_NAMES.clear()

EmailAddress = Annotated[EmailStr, StringConstraints(max_length={{ email_max }})]
"""A validated e-mail address."""

AccountEmail = Annotated[EmailStr, Field(max_length=320), AfterValidator(str.lower)]
"""An account's address, which compares case-insensitively."""

_HTTP_URL = TypeAdapter(AnyHttpUrl)


def _http_url(value: str) -> str:
    """Checks the URL and keeps it as written: its normalised form (a slash
    added, characters escaped) could outgrow the column."""
    _HTTP_URL.validate_python(value)
    return value


HttpUrl = Annotated[
    str,
    StringConstraints(min_length=1, max_length={{ url_max }}),
    AfterValidator(_http_url),
    Field(json_schema_extra={"format": "uri"}),
]
"""An absolute http or https URL, validated and kept as written."""
