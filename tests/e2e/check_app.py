#!/usr/bin/env python3
"""Check a generated FastAPI app end to end.

Usage: check_app.py APP_DIR VENV_DIR [--postgres ADMIN_URL [--no-sqlite | --postgres-api-only]]
                    [--hostile] [--browser] [--contract CONTRACT_VENV] [--venv-only]

Steps, each printed, stopping at the first failure (exit 1, with the output
of the failing step):

1. create VENV_DIR if missing and install requirements.txt plus
   requirements-dev.txt (or ruff, pytest, httpx2 and PyYAML when the app has
   no dev requirements); skipped when the requirements' hash is unchanged;
2. ruff check, ruff check with the rule set E, W, F, I, B, C4, UP, ARG001
   and T201 (line length aside), ruff format --check (every Python file
   already formatted, with the app's pyproject.toml settings), and
   python -m compileall;
3. on SQLite (a temporary file): alembic upgrade head, alembic check, the
   app's own pytest suite, uvicorn refusing to start with the placeholder
   SECRET_KEY of .env.example (one line, no traceback), uvicorn on a free
   port, blackbox.py against it (with the lowest Argon2 cost, as the app's
   own tests use; with --hostile, the production cost and hostile_input.py);
4. with --postgres (e.g. postgresql://postgres@127.0.0.1:5432/postgres):
   the same on a fresh database created for the run, and dropped after
   (with --no-sqlite, step 3 is left out: the caller checked the same app
   on SQLite already; with --postgres-api-only, PostgreSQL gets the
   migrations and the black-box run, not the app's own suite: for apps that
   differ from others only in how their PRD was written);
5. with --browser, on each database after the app's own suite: its browser
   tier (pytest tests/browser: Chromium, and axe-core from AXE_CORE_JS);
6. with --contract, on each database after the black-box run, against a
   server of its own (fresh throttle counts, the lowest Argon2 cost):
   contract.py, Schemathesis holding the app to its own openapi.yaml
   (installed into CONTRACT_VENV from contract-requirements.txt).

With --venv-only, only step 1 runs: several apps with the same requirements
can then be checked at once against the prepared virtualenv.

Standard library only.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
# full-stack-fastapi-template's rule set (line length aside).
LINT_RULES = "E,W,F,I,B,C4,UP,ARG001,T201"
DEV_FALLBACK = ["ruff==0.17.6", "pytest==9.2.0", "httpx2==2.16.2", "PyYAML==6.0.3"]


class StepFailed(Exception):
    pass


def run(step: str, cmd: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: int = 900) -> str:
    print(f"==> {step}", flush=True)
    started = time.monotonic()
    proc = subprocess.run(
        cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout
    )
    elapsed = time.monotonic() - started
    if proc.returncode != 0:
        print(proc.stdout)
        raise StepFailed(f"{step} failed (exit {proc.returncode}): {' '.join(cmd)}")
    print(f"    ok ({elapsed:.1f}s)", flush=True)
    return proc.stdout


def ensure_venv(app: Path, venv: Path) -> Path:
    """Create or reuse the virtualenv; reinstall when requirements change."""
    digest = hashlib.sha256()
    for name in ("requirements.txt", "requirements-dev.txt"):
        path = app / name
        if path.exists():
            digest.update(name.encode() + b"\0" + path.read_bytes())
    marker = venv / ".requirements.sha256"
    python = venv / "bin" / "python"
    if python.exists() and marker.exists() and marker.read_text() == digest.hexdigest():
        print(f"==> virtualenv {venv} is up to date", flush=True)
        return python
    if not python.exists():
        run("create virtualenv", [sys.executable, "-m", "venv", str(venv)])
    pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    if (app / "requirements-dev.txt").exists():
        run("pip install -r requirements-dev.txt", [*pip, "-r", str(app / "requirements-dev.txt")], timeout=1800)
    else:
        run("pip install -r requirements.txt", [*pip, "-r", str(app / "requirements.txt")], timeout=1800)
        run("pip install test tools", [*pip, *DEV_FALLBACK], timeout=1800)
    marker.write_text(digest.hexdigest())
    return python


def ensure_contract_venv(venv: Path) -> Path:
    """The schema-driven tester's virtualenv, apart from the app's: its
    dependencies are its own business. Returns its `schemathesis` command."""
    requirements = HERE / "contract-requirements.txt"
    marker = venv / ".requirements.sha256"
    digest = hashlib.sha256(requirements.read_bytes()).hexdigest()
    command = venv / "bin" / "schemathesis"
    if command.exists() and marker.exists() and marker.read_text() == digest:
        return command
    if not (venv / "bin" / "python").exists():
        run("create the contract virtualenv", [sys.executable, "-m", "venv", str(venv)])
    run(
        "pip install -r contract-requirements.txt",
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", str(requirements)],
        timeout=1800,
    )
    marker.write_text(digest)
    return command


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen[str], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise StepFailed("uvicorn exited during start-up")
        try:
            with urllib.request.urlopen(url + "/openapi.json", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise StepFailed("uvicorn did not answer within 30 s")


@contextlib.contextmanager
def serving(app: Path, python: Path, env: dict[str, str], label: str) -> Iterator[tuple[str, int]]:
    """uvicorn on a free port for the block, which gets its base URL and
    process id; the server must log no error."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tempfile.TemporaryFile(mode="w+")
    server = subprocess.Popen(
        [str(python), "-m", "uvicorn", "main:app", "--host", "127.0.0.1", "--port", str(port)],
        cwd=app, env=env, stdout=log, stderr=subprocess.STDOUT, text=True,
    )
    try:
        try:
            wait_until_up(base, server)
        except StepFailed:
            log.seek(0)
            print(log.read())
            raise
        yield base, server.pid
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.seek(0)
        errors = [line for line in log.read().splitlines() if "Traceback" in line or "ERROR" in line]
        log.close()
    if errors:
        raise StepFailed(f"[{label}] server logged errors: {errors[:5]}")


# The black-box run registers and signs in a few dozen accounts, and the
# production cost of Argon2id (64 MiB, three passes) would make most of its
# time hashing. The cost is a setting like any other; the hostile run keeps
# the production one, so each setting serves a real uvicorn in the tier.
LOWEST_ARGON2_COST = {"ARGON2_TIME_COST": "1", "ARGON2_MEMORY_KIB": "32"}


def serve_and_probe(app: Path, python: Path, env: dict[str, str], label: str, hostile: bool) -> None:
    print(f"==> [{label}] uvicorn + blackbox", flush=True)
    with serving(app, python, env if hostile else {**env, **LOWEST_ARGON2_COST}, label) as (base, pid):
        run(f"[{label}] blackbox", [sys.executable, str(HERE / "blackbox.py"), base, str(app / "GENOME.json")])
        if hostile:
            out = run(
                f"[{label}] hostile input",
                [sys.executable, str(HERE / "hostile_input.py"), base, str(app / "GENOME.json"), "--server-pid", str(pid)],
            )
            summary = [line for line in out.splitlines() if line.startswith(("hostile:", "  POST", "  server memory"))]
            print("    " + "\n    ".join(summary), flush=True)


def serve_and_hold_to_contract(app: Path, python: Path, env: dict[str, str], label: str, contract: Path) -> None:
    """A server of its own, fresh (no throttle counts from the runs before),
    held to openapi.yaml by contract.py."""
    with serving(app, python, {**env, **LOWEST_ARGON2_COST}, label) as (base, _):
        out = run(f"[{label}] contract (Schemathesis)", [sys.executable, str(HERE / "contract.py"), base, str(app), str(contract)])
        summary = [line.strip() for line in out.splitlines() if "generated" in line and "passed" in line]
        print("    " + "\n    ".join(summary), flush=True)


def refuses_placeholder(app: Path, python: Path, env: dict[str, str], label: str) -> None:
    """uvicorn started with the SECRET_KEY of .env.example stops at once, with
    one line saying why and no traceback."""
    step = f"[{label}] uvicorn refuses the placeholder SECRET_KEY"
    print(f"==> {step}", flush=True)
    example = (app / ".env.example").read_text(encoding="utf-8")
    placeholder = next(line.split("=", 1)[1] for line in example.splitlines() if line.startswith("SECRET_KEY="))
    try:
        proc = subprocess.run(
            [str(python), "-m", "uvicorn", "main:app", "--host", "127.0.0.1", "--port", str(free_port())],
            cwd=app, env={**env, "SECRET_KEY": placeholder}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, timeout=60,
        )
    except subprocess.TimeoutExpired:
        raise StepFailed(f"{step}: uvicorn was still running after 60 s") from None
    lines = proc.stdout.strip().splitlines()
    if proc.returncode == 0 or "Traceback" in proc.stdout or len(lines) != 1 or "placeholder" not in lines[0]:
        print(proc.stdout)
        raise StepFailed(f"{step}: exit {proc.returncode}, {len(lines)} line(s) of output")
    print(f"    ok: {lines[0]}", flush=True)


def check_database(
    app: Path,
    python: Path,
    label: str,
    database_url: str,
    test_database_url: str,
    hostile: bool,
    browser: bool = False,
    suite: bool = True,
    contract: Path | None = None,
) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("TEST_DATABASE_URL", None)
    bindir = str(python.parent)
    run(f"[{label}] alembic upgrade head", [f"{bindir}/alembic", "upgrade", "head"], cwd=app, env=env)
    run(f"[{label}] alembic check", [f"{bindir}/alembic", "check"], cwd=app, env=env)
    if not suite:
        # The migrations and the black-box run only (see --postgres-api-only).
        print(f"==> [{label}] the app's own suite left out (--postgres-api-only)", flush=True)
        serve_and_probe(app, python, env, label, hostile)
        if contract is not None:
            serve_and_hold_to_contract(app, python, env, label, contract)
        return
    test_env = {**env, "TEST_DATABASE_URL": test_database_url}
    out = run(f"[{label}] pytest", [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=app, env=test_env)
    print("    " + (out.strip().splitlines() or ["(no output)"])[-1], flush=True)
    if browser:
        # The app's browser tier: Chromium (CHROMIUM, or /usr/bin/chromium)
        # and axe-core (AXE_CORE_JS) come from the environment.
        out = run(
            f"[{label}] pytest tests/browser",
            [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/browser"],
            cwd=app,
            env=test_env,
        )
        print("    " + (out.strip().splitlines() or ["(no output)"])[-1], flush=True)
    refuses_placeholder(app, python, env, label)
    serve_and_probe(app, python, env, label, hostile)
    if contract is not None:
        serve_and_hold_to_contract(app, python, env, label, contract)


def psql_admin(admin_url: str, sql: str) -> None:
    """Run one statement on the admin database with psql."""
    run(f"psql: {sql}", ["psql", admin_url, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql])


def with_database(admin_url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(admin_url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def sqlalchemy_url(url: str) -> str:
    scheme, rest = url.split("://", 1)
    return f"postgresql+psycopg://{rest}" if scheme in ("postgres", "postgresql") else url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("app", type=Path)
    parser.add_argument("venv", type=Path)
    parser.add_argument("--postgres", help="admin URL of a PostgreSQL server, e.g. postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--hostile", action="store_true", help="also run hostile_input.py against the server")
    parser.add_argument("--browser", action="store_true", help="also run the app's browser tier (needs Chromium, and AXE_CORE_JS naming axe-core's axe.min.js)")
    parser.add_argument("--venv-only", action="store_true", help="prepare the virtualenv and stop")
    parser.add_argument(
        "--contract",
        type=Path,
        metavar="CONTRACT_VENV",
        help="also hold the server to its openapi.yaml with Schemathesis, installed into CONTRACT_VENV",
    )
    parser.add_argument(
        "--postgres-api-only",
        action="store_true",
        help="on PostgreSQL, the migrations and the black-box run only: the app's own suite runs on SQLite",
    )
    parser.add_argument(
        "--no-sqlite",
        action="store_true",
        help="leave out the SQLite run (with --postgres, for a caller that checked the same app on SQLite already)",
    )
    args = parser.parse_args()
    if args.no_sqlite and not args.postgres:
        parser.error("--no-sqlite leaves nothing to run without --postgres")
    if args.no_sqlite and args.postgres_api_only:
        parser.error("--no-sqlite with --postgres-api-only would run the app's own suite nowhere")
    app = args.app.resolve()
    venv = args.venv.resolve()
    try:
        for required in ("main.py", "requirements.txt", "alembic.ini", "GENOME.json"):
            if not (app / required).exists():
                raise StepFailed(f"{app} has no {required}")
        python = ensure_venv(app, venv)
        contract = ensure_contract_venv(args.contract.resolve()) if args.contract else None
        if args.venv_only:
            print("check_app: virtualenv ready", flush=True)
            return 0
        bindir = python.parent
        run("ruff check", [str(bindir / "ruff"), "check", "--no-cache", "."], cwd=app)
        # The rule set the app's pyproject.toml selects, named here too so
        # that the check does not depend on the generated configuration.
        run(
            "ruff check (E, W, F, I, B, C4, UP, ARG001, T201)",
            [str(bindir / "ruff"), "check", "--no-cache", "--select", LINT_RULES, "--ignore", "E501", "."],
            cwd=app,
        )
        # The formatter, with the app's own settings: every file as it
        # would write it.
        run("ruff format --check", [str(bindir / "ruff"), "format", "--check", "--no-cache", "."], cwd=app)
        run("compileall", [str(python), "-m", "compileall", "-q", "-x", r"(^|/)\.?venv/", "."], cwd=app,
            env={**os.environ, "PYTHONPYCACHEPREFIX": tempfile.mkdtemp(prefix="pycache-")})

        if args.no_sqlite:
            print("==> SQLite run left out (--no-sqlite)", flush=True)
        else:
            with tempfile.TemporaryDirectory(prefix="check-app-") as tmp:
                check_database(
                    app,
                    python,
                    "sqlite",
                    f"sqlite:///{Path(tmp) / 'app.db'}",
                    f"sqlite:///{Path(tmp) / 'test.db'}",
                    args.hostile,
                    args.browser,
                    contract=contract,
                )

        if args.postgres:
            if shutil.which("psql") is None:
                raise StepFailed("psql is needed for the PostgreSQL run")
            suffix = uuid.uuid4().hex[:12]
            app_db, test_db = f"check_app_{suffix}", f"check_app_{suffix}_test"
            psql_admin(args.postgres, f'CREATE DATABASE "{app_db}"')
            psql_admin(args.postgres, f'CREATE DATABASE "{test_db}"')
            try:
                check_database(
                    app, python, "postgresql",
                    sqlalchemy_url(with_database(args.postgres, app_db)),
                    sqlalchemy_url(with_database(args.postgres, test_db)),
                    args.hostile,
                    args.browser and not args.postgres_api_only,
                    suite=not args.postgres_api_only,
                    contract=contract,
                )
            finally:
                psql_admin(args.postgres, f'DROP DATABASE IF EXISTS "{app_db}" WITH (FORCE)')
                psql_admin(args.postgres, f'DROP DATABASE IF EXISTS "{test_db}" WITH (FORCE)')
        else:
            print("==> PostgreSQL run skipped: no --postgres URL given", flush=True)
    except StepFailed as err:
        print(f"check_app: FAILED: {err}", flush=True)
        return 1
    except subprocess.TimeoutExpired as err:
        print(f"check_app: FAILED: timed out: {err.cmd}", flush=True)
        return 1
    print("check_app: all steps passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
