"""How long does each lesson's "Run All" take, started the way a student starts Jupyter?

Runs every lesson in notebooks/ top to bottom in a fresh kernel, ``--rounds`` times, with the
environment as it is minus the BLAS thread settings (no ``OPENBLAS_NUM_THREADS`` or
``OMP_NUM_THREADS``: what a student's own JupyterLab, VS Code or Colab gives), and prints each
lesson's Run All time per round — from the first cell's start to the last cell's end, as the cells
record it (``metadata.execution``), what a student waits for after "Run All" in an open notebook —,
its worst and the spread worst/best (targets: every lesson under 10 s on a 2-core machine; spread at
most 2), and the worst time with the kernel's start and shutdown (about 1 s here) included.
``--threads N`` sets ``OPENBLAS_NUM_THREADS=N`` instead, as a baseline in the same run.

    .venv/bin/python bench/run_all.py [--rounds 2] [--threads N] [--lessons 01 05]
"""
import argparse
import os
import time
from datetime import datetime
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def run_once(path, env):
    """``(run_all, with_kernel)`` in seconds: the cells alone, and with the kernel's start and shutdown."""
    nb = nbformat.read(path, as_version=4)
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)                       # the kernel inherits this process's environment
    try:
        start = time.perf_counter()
        NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=True,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        with_kernel = time.perf_counter() - start
    finally:
        os.environ.clear()
        os.environ.update(saved)
    stamps = [c.metadata["execution"] for c in nb.cells if c.cell_type == "code"]
    begin = min(_time(s["iopub.execute_input"]) for s in stamps)
    end = max(_time(s["shell.execute_reply"]) for s in stamps)
    return (end - begin).total_seconds(), with_kernel


def _time(stamp):
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--threads", type=int, default=None, help="set OPENBLAS_NUM_THREADS (default: unset)")
    parser.add_argument("--lessons", nargs="+", default=None, metavar="NN", help="only these lessons (e.g. 01 05)")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k not in THREAD_VARIABLES}
    if args.threads is not None:
        env["OPENBLAS_NUM_THREADS"] = str(args.threads)
    setting = "unset" if args.threads is None else str(args.threads)
    print(f"Run All of every lesson, OPENBLAS_NUM_THREADS {setting}, {os.cpu_count()} cores, "
          f"{args.rounds} rounds (times in s)")
    worst_lesson = 0.0
    paths = sorted((ROOT / "notebooks").glob("*.ipynb"))
    if args.lessons:
        paths = [p for p in paths if any(p.stem.startswith(n) for n in args.lessons)]
    for path in paths:
        runs = [run_once(path, env) for _ in range(args.rounds)]
        times = [run_all for run_all, _ in runs]
        worst_lesson = max(worst_lesson, max(times))
        print(f"  {path.stem:32s} " + "  ".join(f"{t:5.1f}" for t in times)
              + f"   worst {max(times):5.1f}   spread {max(times) / min(times):4.2f}"
              + f"   with the kernel's start {max(k for _, k in runs):5.1f}")
    print(f"slowest lesson: {worst_lesson:.1f} s (target: under 10 s)")


if __name__ == "__main__":
    main()
