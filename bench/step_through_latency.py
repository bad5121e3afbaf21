"""How quickly does the step-through answer a press of → (or ←)?

Drives ``backproplab.widgets.StepThrough`` headless (Agg, no browser) on lesson 1's hand-worked step:
steps forward through all 26 quantities, then back again, and prints the median, p95 and worst time
from a press to the new picture being handed to the browser. Forward, each state is new, but the
widget draws the next state ahead while the current one is shown; back, every state is cached. It also
prints how long the kernel is busy per press (drawing ahead included): a press faster than that waits. Baseline in the same run: one redraw of ``plots.draw_network`` of the same
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

from backproplab import plots  # noqa: E402
from backproplab.lessons import handworked  # noqa: E402
from backproplab.widgets import StepThrough  # noqa: E402


def stats(ms):
    ms = sorted(ms)
    return (f"median {statistics.median(ms):6.1f} ms   p95 {ms[round(0.95 * (len(ms) - 1))]:6.1f} ms   "
            f"worst {ms[-1]:6.1f} ms")


def main():
    trace = handworked.trace()
    step = StepThrough(trace)
    shown = []                                    # when each new picture is handed to the browser
    step.image.observe(lambda change: shown.append(time.perf_counter()), names="value")
    first, seen, busy = [], [], []
    for bucket, by in [(first, +1), (seen, -1)]:
        for _ in range(len(step.records)):
            shown.clear()
            start = time.perf_counter()
            step.step(by)
            done = time.perf_counter()
            bucket.append(1000 * (shown[0] - start))
            if by > 0:
                busy.append(1000 * (done - start))    # includes drawing the next state ahead
    base = []
    for _ in range(10):
        start = time.perf_counter()
        fig = plots.draw_network(trace)
        fig.savefig(io.BytesIO(), format="png", dpi=96)
        plt.close(fig)
        base.append(1000 * (time.perf_counter() - start))
    print(f"StepThrough, lesson 1's step, {len(step.records)} quantities (load average {os.getloadavg()[0]:.1f})")
    print(f"  a new state   {stats(first)}")
    print(f"  seen before   {stats(seen)}")
    print(f"  kernel busy per press forward, drawing ahead included: {stats(busy)}")
    print(f"  baseline: draw_network + PNG, median {statistics.median(base):.1f} ms; "
          f"drawing one state / baseline = {statistics.median(busy) / statistics.median(base):.2f}")


if __name__ == "__main__":
    main()
