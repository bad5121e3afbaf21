"""How quickly does the optimiser explorer (lesson 9) answer a control move?

Drives ``backproplab.widgets.OptimiserExplorer`` headless (Agg backend, no browser): moves each control
through its positions (every learning rate and momentum step, every batch size) from the default
settings and back, and times each move — train (or read the cache), draw, encode the PNG, what a kernel
does when a student lets go of a slider. Then the same moves again, every setting cached. Prints the
median, 95th percentile and maximum per pass, and the load average.

    .venv/bin/python bench/optimiser_latency.py
"""
import os
import time

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402

from backproplab.widgets.optimiser import BATCH_OPTIONS, LR_RANGE, MOMENTUM_RANGE, OptimiserExplorer  # noqa: E402


def moves():
    lo, hi = np.log10(LR_RANGE)
    lrs = [float(f"{10 ** e:.6g}") for e in np.arange(lo, hi + 1e-9, 0.1)]
    mus = [round(m, 2) for m in np.arange(MOMENTUM_RANGE[0], MOMENTUM_RANGE[1] + 1e-9, 0.05)]
    out = [("lr", v) for v in lrs] + [("lr", 0.1)] + [("momentum", v) for v in mus] + [("momentum", 0.0)]
    for b in BATCH_OPTIONS:
        out += [("batch_size", b)] + [("momentum", 0.9), ("momentum", 0.0)]
    return out + [("batch_size", 64)]


def sweep(explorer):
    times = []
    for name, value in moves():
        t = time.perf_counter()
        explorer.controls[name].value = value
        times.append((time.perf_counter() - t) * 1000)
    return np.array(times)


def main():
    explorer = OptimiserExplorer()
    for label in ("first visit", "seen before"):
        t = sweep(explorer)
        print(f"{label:>12}: {len(t)} moves, median {np.median(t):.1f} ms, p95 {np.percentile(t, 95):.1f} ms, "
              f"max {t.max():.1f} ms")
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
