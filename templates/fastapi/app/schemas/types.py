"""Constrained field types shared by every schema.

Each alias carries the same limits as the column it is stored in, so invalid
input is answered 422 before it reaches the database.
"""

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import (
    AfterValidator,
    AnyHttpUrl,
    EmailStr,
    Field,
    StringConstraints,
    TypeAdapter,
)

CalendarDate = date
"""A calendar date, under a name no field can shadow."""

ShortText = Annotated[str, StringConstraints(max_length={{ string_max }})]
"""Text of at most {{ string_max }} characters (a ``string`` field)."""

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1


def _check_int64(value: int) -> int:
    if not INT64_MIN <= value <= INT64_MAX:
        raise ValueError("integer must fit in 64 bits (signed)")
    return value


Int64 = Annotated[int, AfterValidator(_check_int64), Field(json_schema_extra={"format": "int64"})]
"""A signed 64-bit integer, the range of a BIGINT column."""

FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]
"""A double-precision number; NaN and infinities are refused."""

ExactDecimal = Annotated[Decimal, Field(max_digits={{ precision }}, decimal_places={{ scale }}, allow_inf_nan=False)]
"""An exact decimal with {{ precision }} digits, {{ scale }} of them after the point."""

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
