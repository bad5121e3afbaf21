"""How quickly does the step-through answer a press of → (or ←)?

Drives ``backproplab.widgets.StepThrough`` headless (Agg, no browser) on lesson 1's hand-worked step:
steps forward through all 26 quantities (each state drawn for the first time: lay out the diagram,
render, encode the PNG), then back again (every state cached), and prints the median, p95 and worst
time per press for each. Baseline in the same run: one redraw of ``plots.draw_network`` of the same
network, the cheapest picture of it, so the ratio says what revealing the numbers costs.

    .venv/bin/python bench/step_through_latency.py
"""
import io
import os
import statistics
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from backproplab import handworked, plots  # noqa: E402
from backproplab.widgets import StepThrough  # noqa: E402


def stats(ms):
    ms = sorted(ms)
    return (f"median {statistics.median(ms):6.1f} ms   p95 {ms[round(0.95 * (len(ms) - 1))]:6.1f} ms   "
            f"worst {ms[-1]:6.1f} ms")


def main():
    trace = handworked.trace()
    step = StepThrough(trace)
    first, seen = [], []
    for bucket, by in [(first, +1), (seen, -1)]:
        for _ in range(len(step.records)):
            start = time.perf_counter()
            step.step(by)
            bucket.append(1000 * (time.perf_counter() - start))
    base = []
    for _ in range(10):
        start = time.perf_counter()
        fig = plots.draw_network(trace)
        fig.savefig(io.BytesIO(), format="png", dpi=96)
        plt.close(fig)
        base.append(1000 * (time.perf_counter() - start))
    print(f"StepThrough, lesson 1's step, {len(step.records)} quantities (load average {os.getloadavg()[0]:.1f})")
    print(f"  first visit   {stats(first)}")
    print(f"  seen before   {stats(seen)}")
    print(f"  baseline: draw_network + PNG, median {statistics.median(base):.1f} ms; "
          f"first visit / baseline = {statistics.median(first) / statistics.median(base):.2f}")


if __name__ == "__main__":
    main()
