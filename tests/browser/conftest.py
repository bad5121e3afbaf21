"""Fixtures for tests in a real browser: Debian's Chromium driven by Playwright, and a JupyterLab
server on a free localhost port, with a token, serving a temporary folder.

The tests skip (with the reason and the fix) when Chromium or Playwright is missing. Playwright's own
browser download is never used: ``executable_path`` points at the system Chromium.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import sys

import pytest

from lab import CHROMIUM_ARGS, start_lab, stop


def find_chromium() -> str | None:
    """The browser to drive: ``$BACKPROPLAB_CHROMIUM`` when set (another Chromium build), else Debian's
    Chromium (``chromium`` on PATH, or /usr/bin/chromium); None when there is none."""
    chosen = os.environ.get("BACKPROPLAB_CHROMIUM")
    candidates = [chosen] if chosen is not None else [shutil.which("chromium"), "/usr/bin/chromium"]
    return next((c for c in candidates if c and os.path.isfile(c) and os.access(c, os.X_OK)), None)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        where = (f"BACKPROPLAB_CHROMIUM={os.environ['BACKPROPLAB_CHROMIUM']!r} is not an executable"
                 if "BACKPROPLAB_CHROMIUM" in os.environ else
                 "no `chromium` on PATH, no /usr/bin/chromium")
        pytest.skip(f"browser test skipped: Chromium not found ({where}); install Debian's Chromium with "
                    "`apt-get install chromium` (.ci/run does this when run as root). "
                    "Playwright's own browser download is not used.")
    return path


@pytest.fixture(scope="session")
def playwright_api():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as err:
        pytest.skip(f"browser test skipped: the Playwright Python package is not importable ({err}); "
                    "install it with `.venv/bin/python -m pip install -r requirements.txt` "
                    "(do not run `playwright install`: the test drives the system Chromium)")
    return sync_playwright


@pytest.fixture
def browser(chromium_path, playwright_api):
    with playwright_api() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def start_lab_server(tmp_path, python=sys.executable, env_base=None):
    """JupyterLab (see ``lab.start_lab``) as a context manager, one BLAS thread, stopped on exit."""
    server = start_lab(tmp_path, python, env_base, OPENBLAS_NUM_THREADS="1")
    try:
        yield server
    finally:
        stop(server.process)


@pytest.fixture
def lab_server(tmp_path, chromium_path, playwright_api):
    """JupyterLab on a free port of 127.0.0.1 with a random token, from the test's own environment
    (the full set), serving ``server.root`` (``tmp_path/lab``, empty: the test copies the lessons it
    opens there)."""
    with start_lab_server(tmp_path) as server:
        yield server


@pytest.fixture
def lab_server_factory(tmp_path, chromium_path, playwright_api):
    """``lab_server_factory(python, name, env_base)``: a context manager starting JupyterLab with another
    venv's Python, in ``tmp_path/name``."""
    def start(python, name, env_base=None):
        (tmp_path / name).mkdir()
        return start_lab_server(tmp_path / name, python, env_base)
    return start
