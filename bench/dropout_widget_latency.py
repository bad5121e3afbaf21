"""How quickly does the dropout explorer answer a slider move?

Drives ``backproplab.widgets.DropoutExplorer`` headless (Agg backend, no browser): from the default
settings it moves one control at a time to each of a few positions and back to the default, timing
every move (the slider callback trains or reads the cache, redraws and encodes the PNG, exactly
what the kernel does when a student lets go of a slider). Then it makes the same moves again, when
every setting is cached. Prints the median and the slowest move per control, wall-clock and CPU.

    .venv/bin/python bench/dropout_widget_latency.py

The goal (issue 7): well under 250 ms per move at the default settings. On a shared machine the
CPU time is what the same move costs on an idle one; the load average is printed with the timings.
"""
import os
import time

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402

from backproplab.widgets.dropout import DropoutExplorer  # noqa: E402

MOVES = {
    "dropout": [0.1, 0.2, 0.3, 0.5, 0.8],
    "lr": [1.0, 2.0, 4.0],
    "hidden": [8, 16, 64],
    "l2": [0.0005, 0.001, 0.005],
    "epochs": [500, 1500, 2000],
    "seed": [1, 2, 3],
}


def sweep(explorer, defaults):
    times = {}
    for name, values in MOVES.items():
        wall, cpu = [], []
        for v in [*values, defaults[name]]:
            w0, c0 = time.perf_counter(), time.process_time()
            explorer.controls[name].value = v          # the observer runs update() before this returns
            wall.append(1e3 * (time.perf_counter() - w0))
            cpu.append(1e3 * (time.process_time() - c0))
        times[name] = (np.array(wall), np.array(cpu))
    return times


def report(title, times):
    print(f"\n{title}")
    print(f"{'control':>8}  {'median wall':>11}  {'max wall':>8}  {'median CPU':>10}  {'max CPU':>7}   (ms)")
    all_wall = np.concatenate([w for w, _ in times.values()])
    for name, (wall, cpu) in times.items():
        print(f"{name:>8}  {np.median(wall):11.0f}  {wall.max():8.0f}  {np.median(cpu):10.0f}  {cpu.max():7.0f}")
    print(f"{'all':>8}  {np.median(all_wall):11.0f}  {all_wall.max():8.0f}")


def main():
    t0 = time.perf_counter()
    explorer = DropoutExplorer()
    print(f"first drawing (import excluded): {1e3 * (time.perf_counter() - t0):.0f} ms; "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    defaults = {name: c.value for name, c in explorer.controls.items()}
    report("first visit of each setting (trains)", sweep(explorer, defaults))
    report("second visit (cached)", sweep(explorer, defaults))
    explorer.close()


if __name__ == "__main__":
    main()
