"""How much slower is an epoch of lesson 7's scalar Var network than an epoch of Network.fit?

Runs lesson 7's own Neuron/Layer/MLP code (read from the notebook's cells) on its data — 100 two-moons
points, a 2-8-1 tanh/sigmoid network, full-batch gradient descent from the same starting weights —
and times, interleaved over several rounds, a few epochs of the Var loop (forward, loss, zero_grad,
backward, update) and many epochs of ``Network.fit``. Prints the best time per epoch of each, their
ratio, the graph's nodes per epoch and the load average.

    .venv/bin/python bench/autograd_speed.py [--rounds 3] [--scalar-epochs 5] [--fit-epochs 500]
"""
import argparse
import json
import os
import time
from pathlib import Path

import numpy as np

import backproplab as bp
from backproplab.autograd.graph import Var, topological_order, zero_grad

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "07_your_own_autograd.ipynb"


def lesson_code() -> dict:
    """The notebook's cells that define PHI, Neuron, Layer, MLP, half_sse and train, run."""
    namespace = {"np": np, "Var": Var, "zero_grad": zero_grad, "bp": bp}
    for cell in json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] != "code":
            continue
        if "def train(" in source:
            source = source[source.index("def train("):source.index("mlp = MLP(")]
        elif not any(k in source for k in ("class Neuron", "class Layer", "class MLP")):
            continue
        exec(compile(source, str(NOTEBOOK), "exec"), namespace)
    return namespace


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--scalar-epochs", type=int, default=5)
    parser.add_argument("--fit-epochs", type=int, default=500)
    args = parser.parse_args()
    bp.use_one_blas_thread()

    code = lesson_code()
    X, T = bp.datasets.moons(n=100, noise=0.15, flip=0.0, seed=1)
    start = bp.Network([2, 8, 1], activation=["tanh", "sigmoid"], seed=1)
    acts, lr = ["tanh", "sigmoid"], 0.15

    best_scalar = best_fit = float("inf")
    for _ in range(args.rounds):
        mlp = code["MLP"](start.weights, start.biases, acts)
        t = time.perf_counter()
        code["train"](mlp, X, T, args.scalar_epochs, lr)
        best_scalar = min(best_scalar, (time.perf_counter() - t) / args.scalar_epochs)

        net = start.with_weights(start.weights, start.biases)
        t = time.perf_counter()
        net.fit(X, T, epochs=args.fit_epochs, lr=lr)
        best_fit = min(best_fit, (time.perf_counter() - t) / args.fit_epochs)

    nodes = len(topological_order(code["half_sse"](code["MLP"](start.weights, start.biases, acts), X, T)))
    print(f"Var MLP epoch:     {best_scalar * 1e3:8.2f} ms   ({nodes} graph nodes)")
    print(f"Network.fit epoch: {best_fit * 1e6:8.2f} µs")
    print(f"ratio scalar / vectorised: {best_scalar / best_fit:.0f}   "
          f"(lesson 7 prints only 'more than {bp.lessons.autograd.SPEED_FLOOR} times slower')")
    print(f"load average: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
