"""How quickly does the XOR explorer answer a slider move?

Drives ``backproplab.widgets.XORExplorer`` headless (Agg backend, no browser): from the default settings
it moves one control at a time through its slider positions and back to the default, and times each
move — the slider callback trains (or reads the cache), redraws and encodes the PNG, exactly what a
kernel does when a student lets go of a slider. Then it makes the same moves again, when every
setting is cached. Prints the median and 95th-percentile update time per control and overall.

    .venv/bin/python bench/widget_latency.py [--seed-stride 2] [--epochs-stride 2]

The goal (issue 6): well under 250 ms per move at the default settings on a 2-core laptop.
Timings on a shared machine are noisy; the load average is printed with them.
"""
import argparse
import math
import os
import time

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402

from backproplab.lessons import xor as lesson  # noqa: E402
from backproplab.widgets import xor as xor_widget  # noqa: E402


def slider_values(stride_seed, stride_epochs):
    """Every position of each control (seeds and epochs thinned by a stride to keep the run short)."""
    lo, hi = (math.log10(v) for v in lesson.LR_RANGE)
    n_lr = round((hi - lo) / xor_widget.LR_EXPONENT_STEP) + 1
    return {
        "lr": [float(f"{10 ** (lo + k * xor_widget.LR_EXPONENT_STEP):.12g}") for k in range(n_lr)],
        "hidden": list(range(lesson.HIDDEN_RANGE[0], lesson.HIDDEN_RANGE[1] + 1)),
        "layers": list(range(lesson.LAYERS_RANGE[0], lesson.LAYERS_RANGE[1] + 1)),
        "epochs": list(range(lesson.EPOCHS_RANGE[0], lesson.EPOCHS_RANGE[1] + 1,
                             xor_widget.EPOCHS_STEP * stride_epochs)),
        "activation": list(lesson.HIDDEN_ACTIVATIONS),
        "seed": list(range(lesson.SEED_RANGE[0], lesson.SEED_RANGE[1] + 1, stride_seed)),
    }


def sweep(explorer, values, defaults):
    """Move each control through its values, then back to its default. Returns, per control, the
    wall-clock and the CPU time of every move (ms): on a busy machine the CPU time is what the same
    move costs on an idle one."""
    times = {}
    for name, vals in values.items():
        control = explorer.controls[name]
        wall, cpu = [], []
        for v in [*vals, defaults[name]]:
            if control.value == v:
                continue
            w0, c0 = time.perf_counter(), time.process_time()
            control.value = v            # the observer runs update() before this returns
            wall.append(1e3 * (time.perf_counter() - w0))
            cpu.append(1e3 * (time.process_time() - c0))
        times[name] = (np.array(wall), np.array(cpu))
    return times


def _row(label, wall, cpu):
    return (f"  {label:<11}{wall.size:>6}{np.median(wall):>10.1f}{np.percentile(wall, 95):>8.1f}"
            f"{wall.max():>8.1f}{np.median(cpu):>10.1f}{np.percentile(cpu, 95):>8.1f}")


def report(title, times):
    print(f"\n{title}")
    print(f"  {'':<17}{'wall-clock ms':^26}{'CPU ms':^18}")
    print(f"  {'control':<11}{'moves':>6}{'median':>10}{'p95':>8}{'max':>8}{'median':>10}{'p95':>8}")
    for name, (wall, cpu) in times.items():
        print(_row(name, wall, cpu))
    wall = np.concatenate([w for w, _ in times.values()])
    cpu = np.concatenate([c for _, c in times.values()])
    print(_row("all", wall, cpu))
    return wall, cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed-stride", type=int, default=2, help="visit every n-th seed (default 2)")
    parser.add_argument("--epochs-stride", type=int, default=2,
                        help="visit every n-th epochs position (default 2)")
    args = parser.parse_args()

    start = time.perf_counter()
    explorer = xor_widget.XORExplorer()
    build_ms = 1e3 * (time.perf_counter() - start)
    defaults = {name: control.value for name, control in explorer.controls.items()}
    values = slider_values(args.seed_stride, args.epochs_stride)

    print(f"XORExplorer latency, defaults {explorer.settings}")
    print(f"machine: {os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"first drawing (construction): {build_ms:.0f} ms")
    cold = report("first visit of each setting (trains, or resumes/rewinds a cached run):",
                  sweep(explorer, values, defaults))
    warm = report("same moves again (every setting cached: redraw only):", sweep(explorer, values, defaults))
    wall, cpu = np.concatenate([cold[0], warm[0]]), np.concatenate([cold[1], warm[1]])
    print(f"\nall {wall.size} moves: median {np.median(wall):.1f} ms, p95 {np.percentile(wall, 95):.1f} ms "
          f"wall-clock (CPU: median {np.median(cpu):.1f} ms, p95 {np.percentile(cpu, 95):.1f} ms); "
          f"total {time.perf_counter() - start:.1f} s")
    explorer.close()


if __name__ == "__main__":
    main()
