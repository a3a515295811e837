#!/usr/bin/env python3
"""Check many generated apps in one process.

Usage: check_apps.py EXPECTED_JSON [--import]

EXPECTED_JSON maps each app directory to the title its PRD gave. For every
app: each .py file compiles, each .json and .yaml/.yml file parses, each
Markdown table keeps one column count, no raw `<` of PRD text reaches
Markdown, and the title reads back exactly from app/config.py, GENOME.json
and openapi.yaml. With --import (run by the apps' virtualenv), each app's
`main` module is imported and its FastAPI title compared too.

Prints one line per problem and exits 1 if there is any.
"""

from __future__ import annotations

import ast
import importlib
import json
import os
import re
import sys
import tempfile
from pathlib import Path

import yaml

problems: list[str] = []


def problem(app: Path, message: str) -> None:
    problems.append(f"{app}: {message}")


def table_cells(row: str) -> int:
    # Cells are separated by pipes not escaped with a backslash.
    return len(re.findall(r"(?<!\\)\|", row)) - 1


def check_markdown(app: Path, path: Path) -> None:
    rows: list[str] = []
    lines = path.read_text(encoding="utf-8").split("\n") + [""]
    for number, line in enumerate(lines, 1):
        if line.startswith("|"):
            rows.append(line)
            continue
        if rows:
            counts = {table_cells(row) for row in rows}
            if len(counts) != 1:
                problem(app, f"{path.name}: a table ending at line {number} has rows of {sorted(counts)} cells")
            rows = []
    if "</script>" in path.read_text(encoding="utf-8"):
        problem(app, f"{path.name}: raw </script> from the PRD")


def literal_assignment(source: str, name: str) -> object:
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise KeyError(name)


def check_files(app: Path, title: str) -> None:
    for path in sorted(app.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(app)
        text = path.read_text(encoding="utf-8")
        try:
            if path.suffix == ".py":
                compile(text, str(path), "exec")
            elif path.suffix == ".json":
                json.loads(text)
            elif path.suffix in (".yaml", ".yml"):
                yaml.safe_load(text)
            elif path.suffix == ".md":
                check_markdown(app, path)
        except Exception as error:  # noqa: BLE001 - every failure is a finding
            problem(app, f"{relative}: {type(error).__name__}: {error}")
    try:
        config = literal_assignment((app / "app/config.py").read_text(encoding="utf-8"), "APP_TITLE")
        if config != title:
            problem(app, f"app/config.py APP_TITLE is {config!r}, not {title!r}")
        genome = json.loads((app / "GENOME.json").read_text(encoding="utf-8"))
        if genome["solution_name"] != title:
            problem(app, f"GENOME.json solution_name is {genome['solution_name']!r}")
        openapi = yaml.safe_load((app / "openapi.yaml").read_text(encoding="utf-8"))
        if openapi["info"]["title"] != title:
            problem(app, f"openapi.yaml title is {openapi['info']['title']!r}")
    except Exception as error:  # noqa: BLE001
        problem(app, f"reading the title back: {type(error).__name__}: {error}")


def import_app(app: Path, title: str) -> None:
    """Import the app's `main` as uvicorn would, then forget it."""
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'app.db'}"
        sys.path.insert(0, str(app))
        os.chdir(app)
        try:
            main = importlib.import_module("main")
            if main.app.title != title:
                problem(app, f"the FastAPI title is {main.app.title!r}")
            schema = main.app.openapi()
            served = yaml.safe_load((app / "openapi.yaml").read_text(encoding="utf-8"))
            if json.loads(json.dumps(schema)) != served:
                problem(app, "openapi.yaml differs from the served schema")
        except Exception as error:  # noqa: BLE001
            problem(app, f"import main: {type(error).__name__}: {error}")
        finally:
            os.chdir(cwd)
            sys.path.remove(str(app))
            # Forget the app's own modules; the libraries stay loaded.
            for name in [n for n in sys.modules if n in ("main", "app") or n.startswith("app.")]:
                del sys.modules[name]


def main() -> int:
    expected = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    do_import = "--import" in sys.argv[2:]
    for directory, title in expected.items():
        app = Path(directory)
        check_files(app, title)
        if do_import:
            import_app(app, title)
    for line in problems:
        print(line)
    print(f"checked {len(expected)} apps{' (imported)' if do_import else ''}: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
