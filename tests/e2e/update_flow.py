#!/usr/bin/env python3
"""Take an app holding data through four versions of its PRD.

Usage: update_flow.py MICROCODEGEN VENV_DIR [--postgres ADMIN_URL] [--data-only]

Run with the Python of VENV_DIR (it needs SQLAlchemy and, for PostgreSQL,
psycopg). The PRDs are tests/e2e/update/v1.md to v4.md:

- v1 is generated; rows for two users go into every table;
- v2 adds an entity, a required field with a default, an optional field,
  a link and an enumeration value, and widens a field's type (string to
  text);
- v3 renames a field (`was=`) and an entity (`(was Apiary)`, linked from
  another entity), turns an integer into a decimal, tightens a limit and
  makes a field required:
  the migration first refuses the rows without a value, naming the table,
  the column and their count, and changes nothing; once they have one it
  runs;
- v4 removes a field: refused without --allow-drop, made with it.

After each `alembic upgrade head`, every row is read back and compared field
by field with what it must hold (renamed columns included), `alembic check`
must find nothing, and `alembic downgrade -1` (for the steps that drop
nothing) must give back the previous schema with its data, then upgrade
again. `.env` and a module of the user's own package stay byte-identical;
a hand edit in an owned file survives as a reported conflict. After each
update the app also passes tests/e2e/check_app.py (ruff, its migrations from
an empty database, its own tests, the black-box run), unless --data-only.

SQLite always; PostgreSQL too with --postgres (a database made per run). The
two flows run side by side, each in a process of its own; the PostgreSQL
flow's check_app.py leaves out the SQLite run, which the other flow made on
the same app.
"""

from __future__ import annotations

import argparse
import datetime
import decimal
import os
import subprocess
import sys
import tempfile
import urllib.parse
import uuid
from pathlib import Path

import sqlalchemy as sa

HERE = Path(__file__).resolve().parent
PRDS = HERE / "update"
NOW = datetime.datetime(2026, 3, 4, 5, 6, 7, tzinfo=datetime.UTC)

CUSTOM_MODULE = '''"""Numbers the generated endpoints do not give."""

from fastapi import APIRouter

router = APIRouter(prefix="/api/custom", tags=["custom"])


@router.get("/ping")
def ping() -> dict[str, str]:
    return {"status": "ok"}
'''


class Failed(Exception):
    pass


def step(text: str) -> None:
    print(f"==> {text}", flush=True)


def run(cmd: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None, expect: int = 0) -> str:
    proc = subprocess.run(
        cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False
    )
    if proc.returncode != expect:
        print(proc.stdout)
        raise Failed(f"{' '.join(cmd)}: exit {proc.returncode}, expected {expect}")
    return proc.stdout


class Flow:
    def __init__(self, binary: str, venv: Path, work: Path, url: str, label: str, app_checks: list[str] | None):
        self.binary = binary
        self.bindir = venv / "bin"
        self.app = work / "app"
        self.url = url
        self.label = label
        self.app_checks = app_checks
        self.env = {**os.environ, "DATABASE_URL": url, "PYTHONDONTWRITEBYTECODE": "1"}
        self.engine = sa.create_engine(url)
        # table -> id -> column -> value: what every row must hold.
        self.rows: dict[str, dict[str, dict[str, object]]] = {}

    # -- commands -----------------------------------------------------------

    def generate(self, version: str, *extra: str, expect: int = 0) -> str:
        return run([self.binary, str(PRDS / f"{version}.md"), "--out", str(self.app), *extra], expect=expect)

    def alembic(self, *args: str, expect: int = 0) -> str:
        return run([str(self.bindir / "alembic"), *args], cwd=self.app, env=self.env, expect=expect)

    def current(self) -> str:
        return self.alembic("current").strip().split()[-1]

    def check_app(self) -> None:
        if self.app_checks is None:
            return
        step(f"[{self.label}] check_app.py")
        run([sys.executable, str(HERE / "check_app.py"), str(self.app), *self.app_checks])

    # -- data ---------------------------------------------------------------

    def key(self, value: uuid.UUID) -> object:
        """A UUID as the app's `Uuid` columns store it: 32 hex digits on SQLite."""
        return value.hex if self.label == "sqlite" else value

    def insert(self, table: str, values: dict[str, object]) -> str:
        """Inserts a row; what it must hold is remembered without its timestamps."""
        row_id = uuid.uuid4()
        stamped = {**values, "created_at": NOW, "updated_at": NOW}
        with self.engine.begin() as conn:
            conn.execute(
                sa.table(table, *(sa.column(c) for c in ["id", *stamped])).insert().values(id=self.key(row_id), **stamped)
            )
        self.rows.setdefault(table, {})[row_id.hex] = dict(values)
        return row_id.hex

    def verify(self, when: str) -> None:
        """Every row holds exactly the expected values, field by field."""
        inspector = sa.inspect(self.engine)
        with self.engine.connect() as conn:
            for table, rows in self.rows.items():
                columns = {c["name"] for c in inspector.get_columns(table)}
                result = conn.execute(sa.text(f"SELECT * FROM {table}"))
                found = {normal(r._mapping["id"]): r._mapping for r in result}
                if len(found) != len(rows):
                    raise Failed(f"{when}: {table} has {len(found)} rows, expected {len(rows)}")
                for row_id, expected in rows.items():
                    actual = found.get(row_id)
                    if actual is None:
                        raise Failed(f"{when}: {table} lost row {row_id}")
                    wanted = set(expected) | {"id", "created_at", "updated_at"}
                    if wanted != columns:
                        raise Failed(f"{when}: {table} has columns {sorted(columns)}, expected {sorted(wanted)}")
                    for column, value in expected.items():
                        if normal(actual[column]) != normal(value):
                            raise Failed(f"{when}: {table}.{column} of {row_id} is {actual[column]!r}, expected {value!r}")
        print(f"    every row of {', '.join(self.rows)} as expected {when}", flush=True)

    def add_column(self, table: str, column: str, value: object) -> None:
        for row in self.rows[table].values():
            row[column] = value

    def rename_column(self, table: str, old: str, new: str) -> None:
        for row in self.rows[table].values():
            row[new] = row.pop(old)

    def rename_table(self, old: str, new: str) -> None:
        self.rows[new] = self.rows.pop(old)

    def drop_column(self, table: str, column: str) -> None:
        for row in self.rows[table].values():
            row.pop(column)

    def update_rows(self, table: str, column: str, value: object, where_none: bool) -> None:
        with self.engine.begin() as conn:
            conn.execute(sa.text(f"UPDATE {table} SET {column} = :value WHERE {column} IS NULL"), {"value": value})
        for row in self.rows[table].values():
            if row[column] is None or not where_none:
                row[column] = value


def normal(value: object) -> object:
    """Compare a UUID, a date or a boolean the same on both databases."""
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, str) and len(value) == 36 and value.count("-") == 4:
        return value.replace("-", "")
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, decimal.Decimal):
        # SQLite keeps a decimal as its text, with all its places.
        return format(value, "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def round_trip(flow: Flow, step_name: str, before: dict[str, dict[str, dict[str, object]]]) -> None:
    """`alembic downgrade -1` gives back the previous schema with its data."""
    after = {t: {i: dict(r) for i, r in rows.items()} for t, rows in flow.rows.items()}
    flow.alembic("downgrade", "-1")
    flow.rows = {t: {i: dict(r) for i, r in rows.items()} for t, rows in before.items()}
    flow.verify(f"after downgrading {step_name}")
    flow.alembic("upgrade", "head")
    flow.rows = after
    flow.verify(f"after upgrading {step_name} again")


def snapshot(flow: Flow) -> dict[str, dict[str, dict[str, object]]]:
    return {t: {i: dict(r) for i, r in rows.items()} for t, rows in flow.rows.items()}


def untouched(flow: Flow, kept: dict[str, bytes]) -> None:
    for path, data in kept.items():
        if (flow.app / path).read_bytes() != data:
            raise Failed(f"{path} changed")


def flow_through(flow: Flow) -> None:
    step(f"[{flow.label}] v1: generate, migrate, fill")
    flow.generate("v1")
    flow.alembic("upgrade", "head")
    (flow.app / "app/custom/visits.py").write_text(CUSTOM_MODULE, encoding="utf-8")
    kept = {p: (flow.app / p).read_bytes() for p in [".env", "app/custom/__init__.py", "app/custom/visits.py"]}
    users = []
    for n in range(2):
        user = uuid.uuid4()
        users.append(flow.key(user))
        with flow.engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO users (id, email, password_hash, token_version, created_at, updated_at) "
                    "VALUES (:id, :email, 'x', 0, :now, :now)"
                ),
                {"id": flow.key(user), "email": f"keeper{n}@example.com", "now": NOW},
            )
    hives = []
    for n, owner in enumerate(users):
        for k in range(2):
            hive = flow.insert("hives", {
                "user_id": owner, "name": f"Hive {n}-{k} at the far end of the lower orchard",
                "location": "Orchard" if k else None, "queen_marked": bool(k),
            })
            hives.append((owner, hive))
            flow.insert("inspections", {
                "user_id": owner, "hive_id": flow.key(uuid.UUID(hive)),
                "inspected_on": datetime.date(2026, 5, n + k + 1), "temper": "nervous" if k else "calm",
                "notes": f"Brood on {k + 5} frames",
            })
    flow.verify("after v1")

    step(f"[{flow.label}] v2: an entity, a required field with a default, an optional field, a link, an enum value, a wider type")
    before = snapshot(flow)
    print(flow.generate("v2", "--update"), flush=True)
    untouched(flow, kept)
    flow.alembic("upgrade", "head")
    flow.add_column("hives", "frames", 10)
    flow.add_column("hives", "apiary_id", None)
    flow.add_column("inspections", "weather", None)
    flow.verify("after v2")
    if flow.alembic("check").strip().splitlines()[-1] != "No new upgrade operations detected.":
        raise Failed("alembic check after v2")
    round_trip(flow, "v2", before)
    apiaries = {owner: flow.insert("apiaries", {"user_id": owner, "title": "Meadow", "address": None}) for owner in users}
    with flow.engine.begin() as conn:
        for owner, hive in hives:
            conn.execute(
                sa.text("UPDATE hives SET apiary_id = :apiary WHERE id = :hive"),
                {"apiary": flow.key(uuid.UUID(apiaries[owner])), "hive": flow.key(uuid.UUID(hive))},
            )
            flow.rows["hives"][hive]["apiary_id"] = apiaries[owner]
        conn.execute(sa.text("UPDATE inspections SET temper = 'defensive', weather = 'windy'"))
    for row in flow.rows["inspections"].values():
        row["temper"] = "defensive"
        row["weather"] = "windy"
    flow.verify("after filling v2's new columns")
    flow.check_app()

    step(f"[{flow.label}] v3: a field and an entity renamed, an integer made a decimal, a tighter limit, a field made required; a hand edit in an owned file")
    edited = flow.app / "app/models/hive.py"
    # The user's line, laid out as the formatter wants it (the app's checks
    # include ruff format).
    hand_line = "\n\n# tuned by hand\n"
    edited.write_text(edited.read_text(encoding="utf-8") + hand_line, encoding="utf-8")
    hand_edit = edited.read_bytes()
    out = flow.generate("v3", "--update", expect=1)
    print(out, flush=True)
    if "conflict: `app/models/hive.py`" not in out or not (flow.app / "app/models/hive.py.new").is_file():
        raise Failed("the hand edit was not reported as a conflict")
    if edited.read_bytes() != hand_edit:
        raise Failed("the hand edit was written over")
    untouched(flow, kept)
    # The user merges: the new version, with their line.
    merged = (flow.app / "app/models/hive.py.new").read_text(encoding="utf-8") + hand_line
    edited.write_text(merged, encoding="utf-8")
    (flow.app / "app/models/hive.py.new").unlink()
    before_v3 = flow.current()
    refused = flow.alembic("upgrade", "head", expect=1)
    # Two hives have no location; the names are longer than the new limit.
    if "table hives, column location: 2 row(s)" not in refused:
        print(refused)
        raise Failed("the narrowing change did not name the table, the column and the count")
    if flow.current() != before_v3:
        raise Failed("the refused migration changed the revision")
    flow.verify("after the refused v3 migration")
    flow.update_rows("hives", "location", "Heath", where_none=True)
    refused = flow.alembic("upgrade", "head", expect=1)
    if "table hives, column name: 4 row(s)" not in refused:
        print(refused)
        raise Failed("the tighter limit did not name the table, the column and the count")
    with flow.engine.begin() as conn:
        conn.execute(sa.text("UPDATE hives SET name = substr(name, 1, 8)"))
    for row in flow.rows["hives"].values():
        row["name"] = row["name"][:8]
    before = snapshot(flow)
    flow.alembic("upgrade", "head")
    flow.rename_column("hives", "name", "label")
    flow.rename_table("apiaries", "yards")
    for row in flow.rows["hives"].values():
        row["frames"] = decimal.Decimal(row["frames"]).quantize(decimal.Decimal("0.0001"))
    flow.verify("after v3")
    if (flow.app / "app/models/apiary.py").exists() or not (flow.app / "app/models/yard.py").is_file():
        raise Failed("the renamed entity's files did not follow it")
    if flow.alembic("check").strip().splitlines()[-1] != "No new upgrade operations detected.":
        raise Failed("alembic check after v3")
    round_trip(flow, "v3", before)
    flow.check_app()

    step(f"[{flow.label}] v4: a field removed")
    out = flow.generate("v4", "--update", expect=1)
    if "no longer declares the field `weather`" not in out:
        print(out)
        raise Failed("dropping a field without --allow-drop was not refused")
    drift = run([flow.binary, "check", str(PRDS / "v4.md"), "--against", str(flow.app)], expect=1)
    if "field `weather` dropped from `Inspection`" not in drift:
        print(drift)
        raise Failed("check --against did not report the change not applied")
    print(flow.generate("v4", "--update", "--allow-drop"), flush=True)
    untouched(flow, kept)
    flow.alembic("upgrade", "head")
    flow.drop_column("inspections", "weather")
    flow.verify("after v4")
    if flow.alembic("check").strip().splitlines()[-1] != "No new upgrade operations detected.":
        raise Failed("alembic check after v4")
    flow.alembic("downgrade", "-1")
    flow.alembic("upgrade", "head")
    # Every change applied; what is left is the hand edit kept in v3.
    drift = run([flow.binary, "check", str(PRDS / "v4.md"), "--against", str(flow.app)], expect=1)
    if drift.strip().splitlines() != ["edited by hand: `app/models/hive.py` (microcodegen owns it; move the change to `app/custom/`)"]:
        print(drift)
        raise Failed("check --against after v4 should report the hand edit and nothing else")
    flow.check_app()


def run_side_by_side(labels: list[str]) -> int:
    """Runs the flow on each database in a process of its own, at the same
    time, and prints their outputs one after the other: the flows share
    nothing but the compiler binary, and each runs one program at a time,
    so two of them keep both cores of a small machine busy."""
    argv = sys.argv[1:]
    runs = {
        label: subprocess.Popen(
            [sys.executable, __file__, *argv, "--only", label],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for label in labels
    }
    failed = []
    for label, proc in runs.items():
        out, _ = proc.communicate()
        print(f"==> the flow on {label}", flush=True)
        print(out, end="", flush=True)
        if proc.returncode != 0:
            failed.append(label)
    if failed:
        print(f"update_flow: FAILED on {', '.join(failed)}", flush=True)
        return 1
    print("update_flow: all steps passed", flush=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary")
    parser.add_argument("venv", type=Path)
    parser.add_argument("--postgres")
    parser.add_argument("--data-only", action="store_true", help="leave out check_app.py (for working on this script)")
    parser.add_argument("--only", choices=["sqlite", "postgresql"], help="run the flow on one database (what each of the parallel runs does)")
    args = parser.parse_args()
    backends = [("sqlite", None)]
    if args.postgres:
        backends.append(("postgresql", args.postgres))
    if args.only is None and len(backends) > 1:
        return run_side_by_side([label for label, _ in backends])
    backends = [(label, admin) for label, admin in backends if args.only in (None, label)]
    try:
        for label, admin in backends:
            with tempfile.TemporaryDirectory(prefix="update-flow-") as tmp:
                work = Path(tmp)
                checks = None if args.data_only else [str(args.venv)]
                database = None
                if admin is None:
                    url = f"sqlite:///{work / 'app' / 'app.db'}"
                else:
                    database = f"update_flow_{uuid.uuid4().hex[:12]}"
                    run(["psql", admin, "-v", "ON_ERROR_STOP=1", "-q", "-c", f'CREATE DATABASE "{database}"'])
                    parts = urllib.parse.urlsplit(admin)
                    url = urllib.parse.urlunsplit(parts._replace(scheme="postgresql+psycopg", path=f"/{database}"))
                    if checks is not None:
                        # The same app went through the SQLite flow: its
                        # checks there need not run again.
                        checks += ["--postgres", admin, "--no-sqlite"]
                try:
                    flow_through(Flow(args.binary, args.venv, work, url, label, checks))
                finally:
                    if database:
                        run(["psql", admin, "-v", "ON_ERROR_STOP=1", "-q", "-c", f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'])
    except Failed as err:
        print(f"update_flow: FAILED: {err}", flush=True)
        return 1
    print("update_flow: all steps passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
