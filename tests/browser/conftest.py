"""Real-browser fixtures: the app on a free loopback port, Debian's Chromium via Playwright.

Every request that leaves loopback is aborted and recorded; a test fails if its page asked for
anything outside this server (the map must work with no internet). Without Chromium the tests
skip with a reason, unless ``ATLAS_REQUIRE_BROWSER=1`` (set by ``.ci/run``) makes that an error.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
WARM_MAP = 'iframe[title="streamlit_folium.st_folium"]'
# A page that aggregates, classifies and draws can take several seconds on a busy 2-core
# machine; Playwright's default of 5 s for expectations is too tight there.
expect.set_options(timeout=20_000)
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SOURCE_DATE_EPOCH = "1790000000"
LOOPBACK = re.compile(r"^(https?|wss?)://(localhost|127\.0\.0\.1|\[::1\])(:\d+)?/")
# Everything else. A regular expression (not a Python predicate) is matched inside the
# browser, so loopback requests are never paused for a round trip to this process. Routing
# still turns the context's HTTP cache off (measured: a second visit in the same context
# fetched all its 127 files again), so a page's map iframes fetch their shared files once
# each; bench_pages.py refuses outside requests in the browser's host resolver instead.
OUTSIDE = re.compile(r"^(?!(https?|wss?)://(localhost|127\.0\.0\.1|\[::1\])(:\d+)?/)")


SERVER_LOGS: dict[str, Path] = {}  # app_url -> its server's log


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"streamlit exited ({process.returncode}):\n{log.read_text()[-3000:]}"
            )
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"streamlit not healthy after {timeout} s:\n{log.read_text()[-3000:]}")


def start_app(
    log: Path, port: int | None = None, env: dict[str, str] | None = None
) -> tuple[subprocess.Popen, str]:
    """Start ``streamlit run app.py`` on a loopback port; return the process once it is healthy.

    Shared by the fixtures and by the load and benchmark scripts beside this file. The server
    runs in its own session, so a Ctrl-C on the caller does not reach it; stop it with
    :func:`stop_app`. ``env`` adds settings to the server's environment (a local portal).
    """
    port = port or _free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]
    # A fixed generation time makes exports byte-identical to the CLI's (reproducible).
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, **(env or {})}
    with open(log, "w") as log_file:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=env,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_healthy(url, process, log)
    except BaseException:
        stop_app(process)
        raise
    return process, url


def stop_app(process: subprocess.Popen) -> None:
    """End exactly the server process that :func:`start_app` started."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def guarded_context(browser, **options):
    """A fresh browser context whose requests outside loopback are aborted and recorded.

    Returns the context and the list the blocked addresses are appended to.
    """
    options = {"viewport": {"width": 1400, "height": 1000}, "locale": "es-CO", **options}
    context = browser.new_context(**options)
    context.set_default_timeout(30_000)
    outside: list[str] = []

    def block(route):
        outside.append(route.request.url)
        route.abort()

    context.route(OUTSIDE, block)
    return context, outside


def launch_chromium(playwright):
    """Debian's Chromium, headless, without background network chatter."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory, browser) -> Iterator[str]:
    """The app served by ``streamlit run app.py`` on a free loopback port, warmed up.

    The first visit after a start pays for the imports and the demo's loading (the cold start
    that ``bench_browser.py`` measures); tests then measure what they are about, not that.
    """
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    process, url = start_app(log)
    SERVER_LOGS[url] = log
    try:
        context, _ = guarded_context(browser)
        first = context.new_page()
        first.goto(url)
        first.frame_locator(WARM_MAP).locator("path.leaflet-interactive").first.wait_for(
            timeout=120_000
        )
        context.close()
        yield url
    finally:
        stop_app(process)


@pytest.fixture
def server_log(app_url: str) -> Path:
    """The log of the server behind ``app_url`` (tracebacks of crashed pages land there)."""
    return SERVER_LOGS[app_url]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM} (Debian: apt-get install chromium)"
        if os.environ.get("ATLAS_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser context whose requests outside loopback are aborted and recorded."""
    context, outside = guarded_context(browser)
    browser_page = context.new_page()
    errors: list[str] = []
    browser_page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield browser_page
    context.close()
    assert not outside, f"the page asked for resources outside this server: {outside}"
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def artifacts() -> Path:
    """A git-ignored folder for screenshots."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
