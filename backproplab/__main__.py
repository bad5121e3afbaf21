"""``python -m backproplab COMMAND`` (or the ``backproplab`` console script): one entry point for the
tools, run from the folder that holds ``notebooks/`` and ``images/`` (the repository's root)::

    backproplab lab                                  # JupyterLab on 127.0.0.1 (with its token), opened on notebooks/
    backproplab slides | student | course | site | lecture [options]   # the publishing tools (backproplab.publish)
    backproplab images [options]                     # redraw images/ (backproplab.publish.images)

``lab`` needs the student set (``pip install "backproplab[lab]"``); the build commands the
publishing tools (``backproplab[publish]``, part of ``backproplab[instructor]``). Options after the
command go to it (``backproplab course --out mycourse --lessons 01 05``).
"""
from __future__ import annotations

import os
import subprocess
import sys

# The publishing commands (backproplab.publish.cli.COMMANDS, not imported here: `lab` stays light).
PUBLISH_COMMANDS = ("slides", "student", "course", "site", "lecture", "images")
COMMANDS = ("lab", *PUBLISH_COMMANDS)


def lab_command(extra=()) -> list[str]:
    """The command ``make lab`` runs, for this Python: localhost only, token kept, the server's root the
    working directory (the repository's root), the browser opened on ``notebooks/``."""
    from .labserver import server_options     # imports jupyter_server: only where a lab is started

    command = [sys.executable, "-m", "jupyterlab", "--ServerApp.ip=127.0.0.1", "--ServerApp.root_dir=.",
               "--LabApp.default_url=/lab/tree/notebooks", *server_options()]   # small frames sent at once
    if hasattr(os, "getuid") and os.getuid() == 0:
        command.append("--allow-root")   # containers and CI run as root; Jupyter refuses without it
    return [*command, *extra]


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] in (["-h"], ["--help"]):
        print(__doc__.strip())
        return 0
    if not argv or argv[0] not in COMMANDS:
        what = f"unknown command {argv[0]!r}" if argv else "no command"
        print(f"{__doc__.strip()}\n\nbackproplab: {what}; the commands are {', '.join(COMMANDS)}", file=sys.stderr)
        return 2
    command, rest = argv[0], argv[1:]
    if command in PUBLISH_COMMANDS:
        from .publish.cli import main as publish_main     # on demand: the one import of publish outside it
        return publish_main(argv)
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
    # also limits itself at run time, see backproplab.blas; this covers anything else a lesson runs).
    env = {**os.environ, "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS", "1")}
    try:
        return subprocess.call(lab_command(rest), env=env)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
