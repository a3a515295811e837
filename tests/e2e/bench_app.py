#!/usr/bin/env python3
"""Measure a generated app's request path at 100,000 rows.

Usage: VENV/bin/python bench_app.py MICROCODEGEN VENV [--postgres ADMIN_URL]
                                    [--rows N] [--seconds S] [--clients C]
                                    [--no-sqlite] [--keep DIR]

Builds an app from a PRD of a Task linked to a Project (with MICROCODEGEN,
the compiler's binary), then on SQLite and, with --postgres, on a fresh
PostgreSQL database (dropped after): migrates it, loads N tasks (100,000 by
default) for one user and one task for another, starts uvicorn with one
worker as the app's README says, and sends C concurrent clients (8) at it
for S seconds (10) per scenario, from an asyncio loop with httpx (run it
with the Python of VENV, the app's own virtual environment, which has it),
on localhost only:

- list, one row: the list of the user with one task;
- list, first page: the first page (50 rows) of the user with N tasks, with
  its total and without it (`count=false`; an app without that parameter
  answers 422, which the table counts as failures);
- list, near the end: a page by offset, 100 rows before the end, the same;
- list, by cursor: the pages at 10%, 50% and 99.9% of the list, by cursor,
  without the total (an app without cursors skips it);
- get: one task by id;
- create: a new task.

It prints, per database, requests per second, latency percentiles and each
list's throughput as a fraction of the one-row list's, as a Markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

try:
    import httpx
except ImportError:  # the app's dev requirements name it httpx2
    import httpx2 as httpx

PRD = """# Task Bench

## Entities

### Project
- name: string, required

### Task
- title: string, required
- done: boolean, default=false
- project: Project, required
"""

PASSWORD = "correct horse battery staple"

# Run by the app's Python in the app's directory: loads the rows with the
# app's own models and engine, and prints the ids and cursors the scenarios
# use. argv: owner's e-mail, other's e-mail, rows.
LOADER = r"""
import sys
from datetime import timedelta
from uuid import uuid4

from sqlalchemy import insert, select, text

from app.database import engine, utcnow
from app.models.project import Project
from app.models.task import Task
from app.models.user import User

owner_email, other_email, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
with engine.begin() as db:
    owner = db.scalar(select(User.id).where(User.email == owner_email))
    other = db.scalar(select(User.id).where(User.email == other_email))
    start = utcnow() - timedelta(days=1)
    projects = []
    for user in (owner, other):
        project = uuid4()
        db.execute(insert(Project), [{"id": project, "user_id": user, "name": "Bench",
                                      "created_at": start, "updated_at": start}])
        projects.append(project)
    db.execute(insert(Task), [{"id": uuid4(), "user_id": other, "title": "Only one",
                               "done": False, "project_id": projects[1],
                               "created_at": start, "updated_at": start}])
    batch = []
    for n in range(count):
        stamp = start + timedelta(microseconds=n * 500)
        batch.append({"id": uuid4(), "user_id": owner, "title": f"Task {n}", "done": n % 2 == 0,
                      "project_id": projects[0], "created_at": stamp, "updated_at": stamp})
        if len(batch) == 5000:
            db.execute(insert(Task), batch)
            batch = []
    if batch:
        db.execute(insert(Task), batch)
if engine.dialect.name == "postgresql":
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as db:
        db.execute(text("VACUUM ANALYZE"))
else:
    with engine.begin() as db:
        db.execute(text("ANALYZE"))
with engine.connect() as db:
    order = (Task.created_at, Task.id)
    mine = select(Task).where(Task.user_id == owner).order_by(*order)
    sample = db.execute(mine.offset(count // 2).limit(200)).scalars().all()
    print("project", projects[0])
    for row in db.execute(select(Task.id).where(Task.user_id == owner).limit(200)).scalars():
        print("task", row)
    try:
        from app.cursors import encode
    except ImportError:
        encode = None
    if encode is not None:
        for depth in (count // 10, count // 2, count - count // 1000 - 50):
            row = db.execute(mine.offset(depth).limit(1)).one()
            print("cursor", encode(row.created_at, row.id))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd: list[str], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{done.stdout}\n{done.stderr}")
    return done.stdout


def postgres_admin(admin_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(sql)


async def scenario(
    base: str, headers: dict[str, str], requests: list, seconds: float, clients: int
) -> tuple[float, list[float], int]:
    """Requests per second, the latencies (ms) and the failures of `clients`
    loops sending the requests in turn for `seconds`."""
    latencies: list[float] = []
    failures = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=60) as http:

        async def loop(n: int, until: float, record: bool) -> None:
            nonlocal failures
            i = n
            while time.perf_counter() < until:
                method, path, params, body = requests[i % len(requests)]
                i += clients
                started = time.perf_counter()
                response = await http.request(method, path, params=params, json=body)
                elapsed = (time.perf_counter() - started) * 1000
                if response.status_code >= 400:
                    failures += 1
                if record:
                    latencies.append(elapsed)

        warm = time.perf_counter() + min(1.0, seconds / 5)
        await asyncio.gather(*(loop(n, warm, False) for n in range(clients)))
        started = time.perf_counter()
        await asyncio.gather(*(loop(n, started + seconds, True) for n in range(clients)))
        took = time.perf_counter() - started
    return len(latencies) / took, latencies, failures


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def bench(app: Path, venv: Path, database_url: str, label: str, args: argparse.Namespace) -> str:
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(app),
           "ARGON2_TIME_COST": "1", "ARGON2_MEMORY_KIB": "32"}
    python = str(venv / "bin" / "python")
    run([python, "-m", "alembic", "upgrade", "head"], app, env)
    port = free_port()
    server = subprocess.Popen(
        [str(venv / "bin" / "uvicorn"), "main:app", "--host", "127.0.0.1", "--port", str(port)],
        cwd=app, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(f"{base}/openapi.json", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        tokens = {}
        emails = [f"bench-{uuid.uuid4().hex}@example.com" for _ in range(2)]
        for email in emails:
            response = httpx.post(f"{base}/api/auth/register", json={"email": email, "password": PASSWORD})
            assert response.status_code == 201, response.text
            response = httpx.post(f"{base}/api/auth/login", json={"email": email, "password": PASSWORD})
            assert response.status_code == 200, response.text
            tokens[email] = {"Authorization": f"Bearer {response.json()['access_token']}"}
        loaded = run([python, "-c", LOADER, emails[0], emails[1], str(args.rows)], app, env)
        values: dict[str, list[str]] = {}
        for line in loaded.splitlines():
            kind, value = line.split(" ", 1)
            values.setdefault(kind, []).append(value)
        project = values["project"][0]
        owner, other = tokens[emails[0]], tokens[emails[1]]
        near_end = max(0, args.rows - 100)
        uncounted = {"count": "false"}
        scenarios = [
            ("list, one row", other, [("GET", "/api/tasks", {}, None)]),
            ("list, first page", owner, [("GET", "/api/tasks", {}, None)]),
            ("list, first page, count=false", owner, [("GET", "/api/tasks", uncounted, None)]),
            ("list, near the end (offset)", owner, [("GET", "/api/tasks", {"offset": near_end}, None)]),
            ("list, near the end (offset), count=false", owner,
             [("GET", "/api/tasks", {"offset": near_end, **uncounted}, None)]),
        ]
        if values.get("cursor"):
            scenarios.append(("list, by cursor (10%, 50%, 99.9%), count=false", owner,
                              [("GET", "/api/tasks", {"cursor": c, **uncounted}, None)
                               for c in values["cursor"]]))
        scenarios.append(("get", owner, [("GET", f"/api/tasks/{t}", {}, None) for t in values["task"]]))
        bodies = [{"title": f"New {n}", "project_id": project} for n in range(64)]
        scenarios.append(("create", owner, [("POST", "/api/tasks", {}, body) for body in bodies]))
        lines = [f"### {label}: {args.rows:,} rows, {args.clients} clients, {args.seconds:g} s each", "",
                 "| Scenario | Requests/s | p50 ms | p90 ms | p99 ms | Of one-row list | Failures |",
                 "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
        one_row = None
        for name, headers, requests in scenarios:
            random.Random(0).shuffle(requests)
            rps, latencies, failures = asyncio.run(
                scenario(base, headers, requests, args.seconds, args.clients))
            if one_row is None:
                one_row = rps
            ratio = f"{rps / one_row:.2f}" if name.startswith("list") else ""
            lines.append(f"| {name} | {rps:.0f} | {percentile(latencies, 50):.1f} | "
                         f"{percentile(latencies, 90):.1f} | {percentile(latencies, 99):.1f} | {ratio} | {failures} |")
            print(lines[-1], flush=True)
        return "\n".join(lines) + "\n"
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("microcodegen", type=Path)
    parser.add_argument("venv", type=Path)
    parser.add_argument("--postgres", help="admin URL, e.g. postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--keep", type=Path, help="build the app here and keep it")
    args = parser.parse_args()
    args.microcodegen, args.venv = args.microcodegen.absolute(), args.venv.absolute()
    work = Path(tempfile.mkdtemp(prefix="bench-app-"))
    app = args.keep or work / "app"
    try:
        (work / "tasks.md").write_text(PRD, encoding="utf-8")
        run([str(args.microcodegen), str(work / "tasks.md"), "--out", str(app), "--force"], work, dict(os.environ))
        report = []
        if not args.no_sqlite:
            report.append(bench(app, args.venv, f"sqlite:///{work / 'bench.db'}", "SQLite", args))
        if args.postgres:
            name = f"bench_{uuid.uuid4().hex[:12]}"
            postgres_admin(args.postgres, f'CREATE DATABASE "{name}"')
            parts = urllib.parse.urlsplit(args.postgres)
            url = urllib.parse.urlunsplit(("postgresql+psycopg", parts.netloc, f"/{name}", "", ""))
            try:
                report.append(bench(app, args.venv, url, "PostgreSQL", args))
            finally:
                postgres_admin(args.postgres, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        print()
        print("\n".join(report))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
