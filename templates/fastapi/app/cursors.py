"""Opaque list cursors: where the next page of a list starts.

A cursor holds the created_at and id of the last row of a page, the keys of
every list's order, so the next page is read from the index on from that
point (keyset pagination): as quick at the end of a long list as at its start,
and no row is skipped or repeated when rows are added or deleted meanwhile.
"""

import base64
import binascii
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from fastapi.exceptions import RequestValidationError

Position = tuple[datetime, UUID]

# A cursor this app gives is about 70 characters long.
MAX_CURSOR_LENGTH = 200

# The list parameters beyond limit and offset, as the API documents them.
CURSOR_DESCRIPTION = {{ crate::targets::fastapi::api::CURSOR_PARAMETER|py_str }}
COUNT_DESCRIPTION = {{ crate::targets::fastapi::api::COUNT_PARAMETER|py_str }}
SORT_DESCRIPTION = {{ crate::targets::fastapi::api::SORT_PARAMETER|py_str }}


def encode(created_at: datetime, row_id: UUID) -> str:
    """The cursor of the rows after this position."""
    text = f"{created_at.isoformat()}|{row_id.hex}"
    return base64.urlsafe_b64encode(text.encode("ascii")).decode("ascii").rstrip("=")


def after_last(rows: Sequence[Any], more: bool) -> str | None:
    """The cursor of the page after these rows, or None at the end."""
    if not more or not rows:
        return None
    return encode(rows[-1].created_at, rows[-1].id)


def _invalid(message: str) -> RequestValidationError:
    return RequestValidationError(
        [{"type": "invalid_cursor", "loc": ("query", "cursor"), "msg": message}]
    )


def decode(cursor: str, sort: str = "created_at") -> Position:
    """The position a cursor holds; one the app did not give is a 422, in
    the shape of every validation error. Cursors page the list in its own
    order: a list sorted by another field pages by offset."""
    if sort != "created_at":
        raise _invalid("A cursor pages the list in its own order, without sort")
    try:
        if len(cursor) > MAX_CURSOR_LENGTH:
            raise ValueError
        padded = cursor + "=" * (-len(cursor) % 4)
        raw = base64.b64decode(padded.encode("ascii"), altchars=b"-_", validate=True)
        stamp, separator, hex_id = raw.decode("ascii").partition("|")
        created_at = datetime.fromisoformat(stamp)
        if not separator or created_at.tzinfo is None or len(hex_id) != 32:
            raise ValueError
        return created_at, UUID(hex=hex_id)
    except (ValueError, binascii.Error):
        raise _invalid("Not a cursor this list gave") from None
