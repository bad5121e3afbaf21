"""The launcher of ``backproplab lab`` (``make lab``): JupyterLab on 127.0.0.1 with its token and the kernel
connection of :mod:`.server` (small frames sent at once).

A student's lab serves their working copy (:mod:`.workspace`: ``my-lessons/``, made on first use) and
opens on its course map; ``--instructor`` (``make instructor-lab``) serves the course folder itself and
opens on ``notebooks/``, speaker notes and all. ``backproplab reset [NN ...]`` gives the student a
fresh copy of lessons. Both read JupyterLab's default settings from :data:`SETTINGS` (``overrides.json``:
no "official Jupyter news?" toast over the first page, no update check); a setting the user changes in
the lab still wins.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

__all__ = ["SETTINGS", "lab_command", "run_lab", "run_reset"]

# JupyterLab's app settings: overrides.json (no news toast, no update check); <language>/overrides.json for
# another edition's lab (the same, and JupyterLab's menus in that language)
SETTINGS = Path(__file__).resolve().parent / "settings"


def _options(args, usage):
    """``(instructor, language, the other arguments)`` from ``--instructor`` and ``--lang XX``."""
    from .workspace import EDITIONS

    instructor, language, rest = False, "en", []
    args = list(args)
    while args:
        arg = args.pop(0)
        if arg == "--instructor":
            instructor = True
        elif arg == "--lang" or arg.startswith("--lang="):
            value = arg.partition("=")[2] if "=" in arg else (args.pop(0) if args else "")
            if value not in EDITIONS:
                raise SystemExit(f"backproplab {usage}: --lang must be one of {', '.join(EDITIONS)}, got {value!r}")
            language = value
        else:
            rest.append(arg)
    return instructor, language, rest


def lab_command(extra=(), *, instructor=False, language="en") -> list[str]:
    """The command ``make lab`` runs, for this Python: localhost only, token kept; a student's lab rooted
    in their working copy and opened on the course map, an instructor's rooted in the course folder
    (the working directory) and opened on ``notebooks/``."""
    from .course_map import START_PAGE
    from .server import server_options  # imports jupyter_server: only where a lab is started
    from .workspace import EDITIONS

    if instructor:
        root, url = ".", "/lab/tree/notebooks" if language == "en" else f"/lab/tree/{EDITIONS[language][0]}"
    else:
        root, url = EDITIONS[language][1], f"/lab/tree/{START_PAGE}"
    command = [sys.executable, "-m", "jupyterlab", "--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={root}",
               f"--LabApp.default_url={url}", *server_options()]   # small frames sent at once
    # JupyterLab's defaults: no news toast; another edition's lab has its menus in that language (its language
    # pack is in the student set; a student who picks another language in Settings keeps it)
    command.append(f"--LabApp.app_settings_dir={SETTINGS if language == 'en' else SETTINGS / language}")
    if hasattr(os, "getuid") and os.getuid() == 0:
        command.append("--allow-root")   # containers and CI run as root; Jupyter refuses without it
    return [*command, *extra]


def run_lab(args=()) -> int:
    """Start the lab from the current directory (the course folder) and wait for it; the exit code."""
    instructor, language, extra = _options(args, "lab")
    if not os.path.isdir("notebooks"):
        print(f"backproplab lab: no notebooks/ folder in the current directory {os.getcwd()}; run it from "
              "the course folder (the repository's root)", file=sys.stderr)
        return 2
    try:
        import jupyterlab  # noqa: F401
    except ImportError:
        print('backproplab lab: JupyterLab is not installed; pip install "backproplab[lab]"', file=sys.stderr)
        return 2
    if not instructor:
        from .workspace import prepare

        try:
            ws, changed = prepare(".", language)
        except FileNotFoundError as err:
            print(f"backproplab lab: {err}", file=sys.stderr)
            return 2
        print(f"backproplab lab: your copy of the lessons is {ws.copy.name}/ (yours to change; the course's "
              "files are not touched)", file=sys.stderr)
        for name in changed:
            print(f"backproplab lab: {name} has changed in the course since your copy was made; "
                  f"`backproplab reset {name[:2]}` takes the new version (yours moves to {ws.copy.name}/.old/)",
                  file=sys.stderr)
    # The kernels inherit this: the lessons' tiny matrices are fastest on one BLAS thread (the package
    # also limits itself at run time, see backproplab._plumbing.blas; this covers anything else a lesson runs).
    env = {**os.environ, "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS", "1")}
    if language != "en":
        # the Korean lessons switch the package themselves (their set-up cell); this covers a new notebook
        env["BACKPROPLAB_LANG"] = language
    try:
        return subprocess.call(lab_command(extra, instructor=instructor, language=language), env=env)
    except KeyboardInterrupt:
        return 0


def run_reset(args=()) -> int:
    """``backproplab reset [NN ...] [--lang ko]``: fresh copies of those lessons (every lesson without a
    number) in the student's working copy; each old copy is kept in ``.old/``."""
    from .workspace import reset

    _, language, numbers = _options(args, "reset")
    if not os.path.isdir("notebooks"):
        print(f"backproplab reset: no notebooks/ folder in {os.getcwd()}; run it from the course folder",
              file=sys.stderr)
        return 2
    try:
        done = reset(numbers, ".", language)
    except (ValueError, FileNotFoundError) as err:
        print(f"backproplab reset: {err}", file=sys.stderr)
        return 2
    for name, kept in done:
        print(f"{name}: a fresh copy" + (f"; your old one is {kept.relative_to(os.getcwd()) if kept.is_absolute() else kept}"
                                         if kept else ""))
    return 0
