"""The browser tier: the app served on a local port, driven by Chromium.

Run it with ``pytest tests/browser`` (the default ``pytest`` run leaves it
out). It needs Chromium (``CHROMIUM``, by default ``/usr/bin/chromium``) and
axe-core's ``axe.min.js`` (``AXE_CORE_JS``, from the npm package
``axe-core``); without either, every test fails rather than being skipped.
"""

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    """The app, served by uvicorn on a thread of this process, on the test database."""
    from main import app

    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the app did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    if not executable.is_file():
        pytest.fail(f"Chromium not found at {executable}; install it or set CHROMIUM")
    # Chromium's sandbox cannot run as root.
    args = ["--no-sandbox"] if os.geteuid() == 0 else []
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(executable), args=args
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    path = os.environ.get("AXE_CORE_JS")
    if not path or not Path(path).is_file():
        pytest.fail("set AXE_CORE_JS to axe-core's axe.min.js (npm install axe-core)")
    return Path(path).read_text(encoding="utf-8")


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page of a fresh browser context: no cookies, no session."""
    context = browser.new_context()
    yield context.new_page()
    context.close()
