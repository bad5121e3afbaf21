"""How quickly does the playground (lesson 10) answer, and how fast does it play?

Drives ``backproplab.widgets.Playground`` headless (Agg backend, no browser) at the default setting
(circle, x₁ x₂, hidden 4-2, batch 10) and times what a kernel does:

* **step** — one press of "step": one epoch, redraw, PNG;
* **frame** — one tick of play: ``epochs_per_frame`` epochs, redraw, PNG; then frames back to back
  for a few seconds, as frames per second (the Play control ticks every ``PLAY_INTERVAL_MS``);
* **control** — a move of each control through its positions and back (data, noise, features,
  layers and neurons, activation, η, batch, penalty, dropout, seed, the switches), each a redraw;
* **select** — choosing a neuron or a weight in the menus (the numbers of the latest step).

Prints the median, 95th percentile and maximum per kind, the PNG's size, and the load average.

    .venv/bin/python bench/playground_latency.py
"""
import os
import time

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402

from backproplab.widgets.playground import PLAY_INTERVAL_MS, Playground  # noqa: E402


def timed(action, times):
    t = time.perf_counter()
    action()
    times.append((time.perf_counter() - t) * 1000)


def control_moves():
    moves = [("dataset", v) for v in ("xor", "gauss", "spiral", "plane", "multigauss", "circle")]
    moves += [("noise", v) for v in (0.1, 0.3, 0.5, 0.0)] + [("train_fraction", v) for v in (0.3, 0.8, 0.5)]
    moves += [("feature x1^2", True), ("feature x1*x2", True), ("feature sin(x1)", True),
              ("feature x1^2", False), ("feature x1*x2", False), ("feature sin(x1)", False)]
    moves += [("layers", v) for v in (3, 4, 6, 2)] + [("neurons 1", v) for v in (8, 6, 4)]
    moves += [("activation", v) for v in ("relu", "sigmoid", "tanh")]
    moves += [("learning_rate", v) for v in (0.1, 0.3, 0.01, 0.03)] + [("batch_size", v) for v in (1, 30, 10)]
    moves += [("regulariser", "l2"), ("reg_rate", 0.01), ("reg_rate", 0.0), ("regulariser", "none")]
    moves += [("dropout", 0.2), ("dropout", 0.0), ("seed", 1), ("seed", 0), ("data_seed", 1), ("data_seed", 0)]
    return moves + [("show_test", True), ("show_test", False), ("discretise", True), ("discretise", False)]


def summary(label, t):
    t = np.asarray(t)
    print(f"{label:>8}: {len(t):3d} timings, median {np.median(t):6.1f} ms, p95 {np.percentile(t, 95):6.1f} ms, "
          f"max {t.max():6.1f} ms")


def main(seconds=3.0):
    pg = Playground()
    steps, frames, controls, selects = [], [], [], []
    for _ in range(20):
        timed(lambda: pg.controls["step"].click(), steps)
    pg.reset()
    for _ in range(20):
        timed(pg.frame, frames)
    pg.reset()
    start, count = time.perf_counter(), 0
    while time.perf_counter() - start < seconds:
        pg.frame()
        count += 1
    elapsed = time.perf_counter() - start
    for _ in range(2):
        for name, value in control_moves():
            timed(lambda: setattr(pg.controls[name], "value", value), controls)
    pg.step(3)
    for option in pg.controls["neuron"].options[1:]:
        timed(lambda: setattr(pg.controls["neuron"], "value", option[1]), selects)
        for edge in pg.controls["edge"].options[1:3]:
            timed(lambda: setattr(pg.controls["edge"], "value", edge[1]), selects)
    summary("step", steps)
    summary("frame", frames)
    summary("control", controls)
    summary("select", selects)
    print(f"playing: {count / elapsed:.1f} frames/s ({pg.epochs_per_frame} epochs each, "
          f"{count * pg.epochs_per_frame / elapsed:.0f} epochs/s; the Play control ticks every {PLAY_INTERVAL_MS} ms)")
    print(f"PNG: {len(pg.image.value) / 1000:.0f} kB at the default setting")
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
