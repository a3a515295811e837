#!/usr/bin/env python3
"""Hold a running app to its own openapi.yaml with a schema-driven tester.

Usage: contract.py BASE_URL APP_DIR SCHEMATHESIS [--max-examples N]

Signs up and in as one account and runs Schemathesis
(https://schemathesis.readthedocs.io) against every operation of the
served schema, signed in with the Bearer token, with all of its checks and
N examples per operation (100 unless told), which must report no failure.
The requests are the same on every run (a fixed seed): a failure can be
replayed, and a run fails for the app's sake, not the draw's.

Left out, each with its reason:
- POST /api/auth/logout and POST /api/auth/password: each ends the session
  (the token is revoked) that every other request of the run uses; the
  black-box run (blackbox.py) and the app's own tests cover both.
- Strings with the NUL character: no text the app stores may hold it
  (PostgreSQL's text cannot), the app answers 422 for any request body with
  one, and the schema's description says so; JSON Schema has no way to say
  it of every string short of a pattern on each.

Two answers the schema cannot foretell are expected of schema-valid
requests, for the operations they can happen to:
- 422 for a registration whose password is too easy to guess (the rule is
  a dictionary and a strength estimate, not a pattern);
- 422 for a body whose link names no row of the signed-in account (the
  tester cannot know which ids exist), in the shape of every validation
  error, as the issue of links is a field's;
- 422 for a list's `cursor` that the list did not give (a cursor is a
  position in the list, opaque to clients), or given with `sort` (a sorted
  list pages by offset).

Standard library only (Schemathesis runs from its own virtualenv).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

SESSION_ENDING = ["/api/auth/logout", "/api/auth/password"]
EMAIL = "contract@example.com"
# Long, not on the common-password list, and not derived from the e-mail.
PASSWORD = "correct-horse-battery-9"
SEED = "20261203"
# Schemathesis's own list for schema-valid requests, and 422.
ACCEPTED_WITH_422 = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]
WRITES = ("post", "put", "patch")


def request_json(url: str, body: dict[str, str] | None = None) -> tuple[int, dict]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        url, data=data, headers={"Content-Type": "application/json"}, method="GET" if body is None else "POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            return reply.status, json.loads(reply.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def token(base: str) -> str:
    status, _ = request_json(f"{base}/api/auth/register", {"email": EMAIL, "password": PASSWORD})
    if status not in (201, 409):
        raise SystemExit(f"contract: registering the run's account answered {status}")
    status, body = request_json(f"{base}/api/auth/login", {"email": EMAIL, "password": PASSWORD})
    if status != 200 or "access_token" not in body:
        raise SystemExit(f"contract: signing in answered {status}")
    return body["access_token"]


def link_columns(genome: dict) -> set[str]:
    """The key columns of every link, the account's profile's included."""
    fields = [f for entity in genome["entities"] for f in entity["fields"]]
    fields += genome.get("user_fields", [])
    return {f["reference"]["column"] for f in fields if f.get("reference")}


def writes_with_links(schema: dict, links: set[str]) -> list[tuple[str, str]]:
    """The operations whose request body has a link: (path, method)."""
    components = schema.get("components", {}).get("schemas", {})
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method not in WRITES:
                continue
            ref = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            body = components.get(ref.get("$ref", "").rsplit("/", 1)[-1], {})
            if links & set(body.get("properties", {})):
                found.append((path, method))
    return found


def lists_with_cursors(schema: dict) -> list[tuple[str, str]]:
    """The list operations that take a cursor: (path, method)."""
    return [
        (path, "get")
        for path, operations in schema["paths"].items()
        if any(p.get("name") == "cursor" for p in operations.get("get", {}).get("parameters", []))
    ]


def config(operations: list[tuple[str, str]]) -> str:
    """schemathesis.toml: 422 expected of schema-valid requests to these."""
    statuses = ", ".join(json.dumps(s) for s in ACCEPTED_WITH_422)
    return "".join(
        f"[[operations]]\n"
        f"include-path = {json.dumps(path)}\n"
        f"include-method = {json.dumps(method.upper())}\n"
        f"checks.positive_data_acceptance.expected-statuses = [{statuses}]\n\n"
        for path, method in operations
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base")
    parser.add_argument("app", type=Path)
    parser.add_argument("schemathesis", help="the schemathesis command of its virtualenv")
    parser.add_argument("--max-examples", type=int, default=100)
    args = parser.parse_args()
    base = args.base.rstrip("/")

    genome = json.loads((args.app / "GENOME.json").read_text(encoding="utf-8"))
    status, served = request_json(f"{base}/openapi.json")
    if status != 200:
        raise SystemExit(f"contract: /openapi.json answered {status}")
    expect_422 = [
        ("/api/auth/register", "post"),
        *writes_with_links(served, link_columns(genome)),
        *lists_with_cursors(served),
    ]
    with tempfile.NamedTemporaryFile("w", suffix=".toml", prefix="schemathesis-") as toml:
        toml.write(config(expect_422))
        toml.flush()
        command = [
            args.schemathesis,
            "--config-file",
            toml.name,
            "run",
            f"{base}/openapi.json",
            "--checks",
            "all",
            "--max-examples",
            str(args.max_examples),
            "--header",
            f"Authorization: Bearer {token(base)}",
            "--generation-allow-x00",
            "false",
            "--seed",
            SEED,
            "--generation-database",
            "none",
            # One worker: the other apps of the tier share the cores.
            "--workers",
            "1",
            "--no-color",
        ]
        for path in SESSION_ENDING:
            command += ["--exclude-path", path]
        return subprocess.run(command, cwd=tempfile.gettempdir()).returncode


if __name__ == "__main__":
    sys.exit(main())
