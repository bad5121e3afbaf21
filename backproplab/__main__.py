"""``python -m backproplab COMMAND`` (or the ``backproplab`` console script): one entry point for the
tools, run from the folder that holds ``notebooks/`` and ``images/`` (the repository's root)::

    backproplab lab [--lang ko]                      # JupyterLab on 127.0.0.1 (with its token) in your copy
                                                     # of the lessons (my-lessons/), opened on the course map
    backproplab lab --instructor                     # the course folder itself, opened on notebooks/ (notes too)
    backproplab reset [NN ...] [--lang ko]           # a fresh copy of lesson NN (all without NN); old in .old/
    backproplab slides | student | course | site | lecture [options]   # the publishing tools (backproplab.publish)
    backproplab images [options]                     # redraw images/ (backproplab.publish.images)
    backproplab translate update|compile|build|check [--lang ko]   # the Korean edition (backproplab.publish.translate)

``lab`` needs the student set (``pip install "backproplab[lab]"``); the build commands the
publishing tools (``backproplab[publish]``, part of ``backproplab[instructor]``). Options after the
command go to it (``backproplab course --out mycourse --lessons 01 05``).
"""
from __future__ import annotations

import sys

from .lab.launcher import lab_command, run_lab, run_reset   # noqa: F401  (lab_command: what `make lab` runs)

# The publishing commands (backproplab.publish.cli.COMMANDS, not imported here: `lab` stays light).
PUBLISH_COMMANDS = ("slides", "student", "course", "site", "lecture", "images", "translate")
COMMANDS = ("lab", "reset", *PUBLISH_COMMANDS)


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
    return run_reset(rest) if command == "reset" else run_lab(rest)

if __name__ == "__main__":
    raise SystemExit(main())
