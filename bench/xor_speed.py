"""How much does backproplab's `fit` cost over the classic hand-written 11-line numpy loop?

Trains the 3-4-1 sigmoid XOR network (no bias, learning rate 1, 60 000 full-batch epochs) from the
same initial weights twice in one process, interleaved over several rounds, and prints the best
time of each and the ratio fit / hand-written (target: at most 1.2).

    .venv/bin/python bench/xor_speed.py [--epochs 60000] [--rounds 5]
"""
import argparse
import time

import numpy as np

import backproplab as bp


def hand_written(X, y, syn0, syn1, epochs):
    """The classic loop, verbatim apart from taking its weights as arguments."""
    for _ in range(epochs):
        l0 = X
        l1 = 1 / (1 + np.exp(-(np.dot(l0, syn0))))
        l2 = 1 / (1 + np.exp(-(np.dot(l1, syn1))))
        l2_error = y - l2
        l2_delta = l2_error * (l2 * (1 - l2))
        l1_error = l2_delta.dot(syn1.T)
        l1_delta = l1_error * (l1 * (1 - l1))
        syn1 += l1.T.dot(l2_delta)
        syn0 += l0.T.dot(l1_delta)
    return l2


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=60_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
    y = np.array([[0], [1], [1], [0]], dtype=float)
    rng = np.random.default_rng(1)
    syn0, syn1 = 2 * rng.random((3, 4)) - 1, 2 * rng.random((4, 1)) - 1

    best_hand = best_fit = float("inf")
    for _ in range(args.rounds):
        w0, w1 = syn0.copy(), syn1.copy()
        t = time.perf_counter()
        hand_written(X, y, w0, w1, args.epochs)
        best_hand = min(best_hand, time.perf_counter() - t)

        net = bp.Network.from_weights([syn0, syn1], activation="sigmoid", loss="half_sse")
        t = time.perf_counter()
        net.fit(X, y, epochs=args.epochs, lr=1.0)
        best_fit = min(best_fit, time.perf_counter() - t)

    # Same algorithm, same numbers: the comparison is only fair if both did the same work.
    # (The hand loop's l2 is the output *before* its last update; compare final weights instead.)
    assert np.allclose(net.weights[0], w0, rtol=0, atol=1e-10) and np.allclose(net.weights[1], w1, rtol=0, atol=1e-10)
    print(f"hand-written loop: {best_hand:.3f} s   net.fit: {best_fit:.3f} s   "
          f"({args.epochs} epochs, best of {args.rounds})")
    print(f"ratio fit / hand-written: {best_fit / best_hand:.2f}  (target <= 1.2)")


if __name__ == "__main__":
    main()
