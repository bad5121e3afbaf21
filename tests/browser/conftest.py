"""Fixtures for tests in a real browser: Debian's Chromium driven by Playwright, and a JupyterLab
server on a free localhost port, with a token, serving a temporary folder.

The tests skip (with the reason and the fix) when Chromium or Playwright is missing. Playwright's own
browser download is never used: ``executable_path`` points at the system Chromium.
"""
from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SERVER_START_TIMEOUT = 90      # s; JupyterLab takes ~5 s here, more on a busy machine
SERVER_STOP_TIMEOUT = 20


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


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_lab_settings(settings_dir: Path):
    """No news or update checks: the toast would cover the page and the requests go nowhere."""
    target = settings_dir / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    target.parent.mkdir(parents=True)
    target.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))


class LabServer:
    """A running JupyterLab: ``url(path)`` gives an address with the token; ``log()`` its output."""

    def __init__(self, root: Path, port: int, token: str, log_path: Path, process: subprocess.Popen):
        self.root, self.port, self.token, self.log_path, self.process = root, port, token, log_path, process

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}?token={self.token}"

    def log(self, last_chars: int = 4000) -> str:
        return self.log_path.read_text(errors="replace")[-last_chars:]


def _wait_until_up(server: LabServer):
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with code {server.process.returncode}:\n{server.log()}")
        try:
            with urllib.request.urlopen(server.url("api/status"), timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise RuntimeError(f"JupyterLab did not answer within {SERVER_START_TIMEOUT} s:\n{server.log()}")


def _stop(process: subprocess.Popen):
    if process.poll() is not None:
        return
    process.terminate()                 # the server shuts its kernels down on SIGTERM
    try:
        process.wait(SERVER_STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(SERVER_STOP_TIMEOUT)


@contextlib.contextmanager
def start_lab_server(tmp_path: Path, python=sys.executable, env_base=None):
    """JupyterLab on a free port of 127.0.0.1 with a random token, run by ``python`` (another venv's, to
    test what that install set shows), serving ``server.root`` (``tmp_path/lab``, empty: the test copies
    the lessons it opens there). Jupyter's config, data, runtime and settings folders are temporary
    too, so nothing of the user's is read or written. ``env_base``: the environment to start from."""
    root = tmp_path / "lab"
    home = tmp_path / "jupyter"
    root.mkdir()
    _write_lab_settings(home / "lab-settings")
    port, token = _free_port(), secrets.token_hex(24)
    env = dict(os.environ if env_base is None else env_base,
               OPENBLAS_NUM_THREADS="1",
               JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTER_DATA_DIR=str(home / "data"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(home / "lab-settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(home / "lab-workspaces"),
               IPYTHONDIR=str(home / "ipython"))
    command = [str(python), "-m", "jupyter", "lab", "--no-browser",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
               f"--ServerApp.token={token}", f"--ServerApp.root_dir={root}",
               "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if os.getuid() == 0:
        command.append("--allow-root")
    log_path = tmp_path / "jupyterlab.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=root, env=env, stdin=subprocess.DEVNULL,
                                   stdout=log, stderr=subprocess.STDOUT)
    server = LabServer(root, port, token, log_path, process)
    try:
        _wait_until_up(server)
        yield server
    finally:
        _stop(process)


@pytest.fixture
def lab_server(tmp_path, chromium_path, playwright_api):
    """JupyterLab from the test's own environment (the full set); see :func:`start_lab_server`."""
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
