"""JupyterLab in a real browser, for the browser tests (tests/browser/) and the browser bench
(bench/browser_latency.py): a server on a free localhost port with a token serving a temporary
folder, started as ``backproplab lab`` starts it, and the page helpers both use (open a lesson,
Run All, read an image's bytes)."""
from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from backproplab.lab.server import server_options

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SERVER_START_TIMEOUT = 90      # s; JupyterLab takes ~5 s here, more on a busy machine
SERVER_STOP_TIMEOUT = 20


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


def stop(process: subprocess.Popen):
    if process.poll() is not None:
        return
    process.terminate()                 # the server shuts its kernels down on SIGTERM
    try:
        process.wait(SERVER_STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(SERVER_STOP_TIMEOUT)


def _jupyter_env(home: Path, env_base=None, env_overrides=None) -> dict:
    """The environment of a test's JupyterLab: ``env_base`` (default this process's) with Jupyter's
    folders under ``home``, so nothing of the user's is read or written; ``env_overrides`` set in it
    (``None`` removes a variable)."""
    env = dict(os.environ if env_base is None else env_base,
               JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTER_DATA_DIR=str(home / "data"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(home / "lab-settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(home / "lab-workspaces"),
               IPYTHONDIR=str(home / "ipython"))
    for name, value in (env_overrides or {}).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def _launch(command, cwd: Path, env: dict, root: Path, tmp_path: Path, port: int, token: str) -> LabServer:
    """Run ``command`` (a JupyterLab on ``port`` with ``token`` serving ``root``) and return once it answers."""
    log_path = tmp_path / "jupyterlab.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                   stdout=log, stderr=subprocess.STDOUT)
    server = LabServer(root, port, token, log_path, process)
    try:
        _wait_until_up(server)
    except BaseException:
        stop(process)
        raise
    return server


def start_lab(tmp_path: Path, python=sys.executable, env_base=None, low_latency=True, **env_overrides) -> LabServer:
    """Start JupyterLab, run by ``python`` (another venv's, to test what that install set shows),
    serving ``tmp_path/lab`` (created empty) with Jupyter's folders under ``tmp_path/jupyter``, so
    nothing of the user's is read or written. ``env_base``: the environment to start from (default
    this process's); ``env_overrides`` are set in it (``None`` removes a variable). ``low_latency``: with
    the kernel connection ``backproplab lab`` uses (:mod:`backproplab.lab.server`), as ``make lab`` starts
    it; ``False``: jupyter_server's default, as a student's own JupyterLab. Returns once it answers;
    stop it with :func:`stop`."""
    root = tmp_path / "lab"
    home = tmp_path / "jupyter"
    root.mkdir()
    _write_lab_settings(home / "lab-settings")
    port, token = _free_port(), secrets.token_hex(24)
    env = _jupyter_env(home, env_base, env_overrides)
    command = [str(python), "-m", "jupyter", "lab", "--no-browser",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
               f"--ServerApp.token={token}", f"--ServerApp.root_dir={root}",
               "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if low_latency:
        command += server_options()
    if os.getuid() == 0:
        command.append("--allow-root")
    return _launch(command, root, env, root, tmp_path, port, token)


def start_student_lab(tmp_path: Path, course: Path, python=sys.executable, **env_overrides) -> LabServer:
    """The student's lab exactly as ``make lab`` starts it — ``python -m backproplab lab`` in the course
    folder ``course`` (its settings, its working copy ``my-lessons/`` made on first use and served as the
    root) — plus only what a test needs: a free port, a known token, no browser, Jupyter's folders under
    ``tmp_path/jupyter`` (no settings written there: the student's are the launcher's)."""
    port, token = _free_port(), secrets.token_hex(24)
    env = _jupyter_env(tmp_path / "jupyter", None, env_overrides)
    command = [str(python), "-m", "backproplab", "lab", "--no-browser", f"--ServerApp.port={port}",
               "--ServerApp.port_retries=0", f"--ServerApp.token={token}"]
    return _launch(command, course, env, course / "my-lessons", tmp_path, port, token)


OPEN_TIMEOUT_MS = 90_000        # JupyterLab's page and the kernel: ~15 s here
RUN_ALL_TIMEOUT_MS = 150_000    # every cell of the lesson: ~20 s here, more on a busy machine

# SHA-256 of the bytes behind an <img> (a blob: URL from the Image widget).
IMAGE_DIGEST_JS = """async img => {
    const data = await (await fetch(img.src)).arrayBuffer();
    const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
    return Array.from(hash, b => b.toString(16).padStart(2, '0')).join('') + ':' + data.byteLength;
}"""
BUSY_JS = """() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
                     .some(p => p.textContent.includes('*'))"""
# Done when no cell is queued or running; or as soon as an error shows (Run All stops there).
FINISHED_OR_FAILED_JS = """() => {
    const busy = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
                 .some(p => p.textContent.includes('*'));
    const kernelIdle = document.querySelector('#jp-main-statusbar').textContent.includes('Idle');
    const error = [...document.querySelectorAll(
        '.jp-Notebook .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
        .some(o => /Error|Traceback/.test(o.textContent));
    return (!busy && kernelIdle) || error;
}"""
STDERR = '.jp-Notebook .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'


def copy_lesson(server_root: Path, lesson: Path) -> str:
    """The lesson, the live slides' style sheet and the repo's images, laid out as in the repository
    (``make lab`` serves the repo root); returns the
    notebook's path on the server."""
    (server_root / "notebooks").mkdir()
    shutil.copy2(lesson, server_root / "notebooks" / lesson.name)
    if (lesson.parent / "rise.css").is_file():
        shutil.copy2(lesson.parent / "rise.css", server_root / "notebooks" / "rise.css")
    if (ROOT / "images").is_dir():
        shutil.copytree(ROOT / "images", server_root / "images")
    return f"notebooks/{lesson.name}"


KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def write_notebook(server_root: Path, name: str, cells) -> str:
    """A one-off notebook for a test: ``cells`` are nbformat cells or strings (code cells), the kernel
    the server's Python 3. Returns its path on the server."""
    import nbformat

    cells = [nbformat.v4.new_code_cell(c) if isinstance(c, str) else c for c in cells]
    nbformat.write(nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": KERNELSPEC}), server_root / name)
    return name


def run_explorer_notebook(page, server: LabServer, name: str, cells):
    """Write a one-off notebook whose last cell shows an explorer, open it, run all its cells (no error),
    and wait until the explorer's picture is on screen. Returns ``(explorer, img)``, the locators of the
    explorer (``.bp-explorer``) and of its picture."""
    write_notebook(server.root, name, cells)
    open_notebook(page, server, name)
    run_all_cells(page)
    assert_no_errors_and_all_ran(page, len(cells))
    explorer = page.locator(".bp-explorer")
    explorer.wait_for(timeout=OPEN_TIMEOUT_MS)
    img = explorer.locator("img.widget-image").first
    img.scroll_into_view_if_needed()
    img.wait_for(state="visible")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())
    return explorer, img


def image_digest(img) -> str:
    return img.evaluate(IMAGE_DIGEST_JS)


def run_all_cells(page):
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_function(BUSY_JS, timeout=30_000, polling=100)          # the run has started
    page.wait_for_function(FINISHED_OR_FAILED_JS, timeout=RUN_ALL_TIMEOUT_MS, polling=250)


def assert_no_errors_and_all_ran(page, n_code_cells: int):
    errors = [text for text in page.locator(STDERR).all_text_contents()
              if re.search(r"Error|Traceback|Warning", text)]
    assert not errors, "cells show errors or warnings:\n" + "\n---\n".join(errors)
    prompts = page.locator(".jp-Notebook .jp-CodeCell .jp-InputPrompt").all_text_contents()
    counts = [int(m.group(1)) for p in prompts if (m := re.fullmatch(r"\s*\[(\d+)\]:\s*", p))]
    # A fresh kernel numbers the cells 1, 2, …: the last one carries the number of code cells.
    assert counts and max(counts) == n_code_cells, (
        f"not every cell ran: highest execution count {max(counts, default=None)}, "
        f"{n_code_cells} code cells; prompts: {prompts}")




def open_notebook(page, server: LabServer, path: str):
    """Open ``path`` (relative to the server's root) and wait until its kernel is idle."""
    page.goto(server.url(f"lab/tree/{path}"))
    # the notebook on show: the cells of other open tabs stay in the page, hidden
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell").first.wait_for(timeout=OPEN_TIMEOUT_MS)
    page.wait_for_function("() => document.querySelector('#jp-main-statusbar')?.textContent.includes('Idle')",
                           timeout=OPEN_TIMEOUT_MS, polling=250)


@contextlib.contextmanager
def notes_on_failure(page, tmp_path: Path, server: LabServer):
    """A failing test's error gains a screenshot of the page and the end of JupyterLab's log."""
    try:
        yield
    except BaseException as err:
        shot = tmp_path / "failure.png"
        try:
            page.screenshot(path=str(shot))
            err.add_note(f"screenshot: {shot}")
        except Exception as shot_err:          # the browser may be gone
            err.add_note(f"(no screenshot: {shot_err})")
        err.add_note(f"JupyterLab log ({server.log_path}), last lines:\n{server.log(2000)}")
        raise
