"""How requests are read: JSON bodies strictly, and only the query
parameters a route takes."""

import json
import math
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.responses import Response


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("a number is too large for a double")
    return value


def _holds_nul(value: Any) -> bool:
    """Whether a string anywhere in value, a key included, holds NUL."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def loads_strict(body: bytes) -> Any:
    """Parse a JSON body, refusing what JSON does not allow but Python's
    parser takes: NaN and infinities, numbers beyond a double's range, and
    strings that are not valid Unicode (a lone UTF-16 surrogate). Strings
    may not hold NUL either, which PostgreSQL cannot store and SQLite's
    text functions stop at."""
    try:
        value = json.loads(
            body, parse_constant=_refuse_constant, parse_float=_finite_float
        )
        # Encoding finds a lone surrogate anywhere, in keys too.
        json.dumps(value, ensure_ascii=False).encode("utf-8")
        if b"\\u0000" in body and _holds_nul(value):
            raise ValueError("a string holds the NUL character")
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise json.JSONDecodeError("the JSON is nested too deeply", "", 0) from None
    except UnicodeError:
        raise json.JSONDecodeError("a string is not valid Unicode", "", 0) from None
    except ValueError as error:
        raise json.JSONDecodeError(str(error), "", 0) from None
    return value


class StrictJSONRequest(Request):
    """A request whose JSON body is parsed by :func:`loads_strict`."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = loads_strict(await self.body())
        return self._json


class StrictJSONRoute(APIRoute):
    """A route that reads its JSON body with :class:`StrictJSONRequest`."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict_handler(request: Request) -> Response:
            return await handler(StrictJSONRequest(request.scope, request.receive))

        return strict_handler


def _query_names(dependant: Dependant) -> frozenset[str]:
    """The query parameters a route and its dependencies take."""
    names: set[str] = set()
    pending = [dependant]
    while pending:
        current = pending.pop()
        names.update(param.alias for param in current.query_params)
        pending.extend(current.dependencies)
    return frozenset(names)


async def reject_unknown_query(request: Request) -> None:
    """Answer 422 to a query parameter the route does not take, rather than
    ignoring it (a misspelt filter would otherwise return everything).

    It only reads the request, so it runs on the event loop: a plain
    function would be sent to a worker thread on every request."""
    route = request.scope.get("route")
    known = (
        _query_names(route.dependant) if isinstance(route, APIRoute) else frozenset()
    )
    unknown = [name for name in request.query_params if name not in known]
    if unknown:
        raise RequestValidationError(
            [
                {
                    "type": "extra_forbidden",
                    "loc": ("query", name),
                    "msg": "Unknown query parameter",
                }
                for name in unknown
            ]
        )
