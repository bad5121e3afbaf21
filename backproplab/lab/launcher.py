"""The launcher of ``backproplab lab`` (``make lab``): JupyterLab on 127.0.0.1 with its token, opened on
``notebooks/``, with the kernel connection of :mod:`.server` (small frames sent at once)."""
from __future__ import annotations

import os
import subprocess
import sys

__all__ = ["lab_command", "run_lab"]


def lab_command(extra=()) -> list[str]:
    """The command ``make lab`` runs, for this Python: localhost only, token kept, the server's root the
    working directory (the repository's root), the browser opened on ``notebooks/``."""
    from .server import server_options  # imports jupyter_server: only where a lab is started

    command = [sys.executable, "-m", "jupyterlab", "--ServerApp.ip=127.0.0.1", "--ServerApp.root_dir=.",
               "--LabApp.default_url=/lab/tree/notebooks", *server_options()]   # small frames sent at once
    if hasattr(os, "getuid") and os.getuid() == 0:
        command.append("--allow-root")   # containers and CI run as root; Jupyter refuses without it
    return [*command, *extra]


def run_lab(extra=()) -> int:
    """Start the lab from the current directory (the repository's root) and wait for it; the exit code."""
    if not os.path.isdir("notebooks"):
        print(f"backproplab lab: no notebooks/ folder in the current directory {os.getcwd()}; run it from "
              "the repository's root", file=sys.stderr)
        return 2
    try:
        import jupyterlab  # noqa: F401
    except ImportError:
        print('backproplab lab: JupyterLab is not installed; pip install "backproplab[lab]"', file=sys.stderr)
        return 2
    # The kernels inherit this: the lessons' tiny matrices are fastest on one BLAS thread (the package
    # also limits itself at run time, see backproplab._plumbing.blas; this covers anything else a lesson runs).
    env = {**os.environ, "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS", "1")}
    try:
        return subprocess.call(lab_command(extra), env=env)
    except KeyboardInterrupt:
        return 0

