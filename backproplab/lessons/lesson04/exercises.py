"""Exercises of lesson 4 (registered with :func:`backproplab.exercises.registry.register`).

The answers are computed by the package (a network's weight shapes, the half-SSE loss); the numbers
in the worked solutions are formatted from the same computations, never typed.

Keys: ``E_constant_half`` (a single neuron's best on XOR), ``n_weights_3441`` (shape bookkeeping),
``E_three_merged`` (the loss on the classic asymptotic plateau, a trap at infinity), ``forward_pass_code``
(code: the forward pass of any depth).
"""
import numpy as np

from ... import losses
from ...datasets import xor
from ...exercises.registry import register, returned
from ...network import Network
from ...trace import fmt


def _constant_loss(value) -> float:
    """E = ½Σ(t − o)² on XOR when the network outputs ``value`` for every input."""
    _, y = xor()
    return losses.half_sse.value(np.full_like(y, value), y)


def _n_weights_3441() -> int:
    return sum(w.size for w in Network([3, 4, 4, 1], bias=False).weights)


def _merged_output() -> float:
    """The best common output for (0,1), (1,0), (1,1): the mean of their targets."""
    _, y = xor()
    return float(y[1:, 0].mean())


def _E_three_merged() -> float:
    """E when (0,0) is exactly right and the other three inputs share the best common output."""
    _, y = xor()
    o = np.vstack([y[:1], np.full((3, 1), _merged_output())])
    return losses.half_sse.value(o, y)


register(
    "E_constant_half",
    "A single neuron cannot separate XOR; gradient descent leaves it at output 0.5 for all four inputs. "
    "What is the loss E = ½Σ(t − o)² there?",
    lambda: _constant_loss(0.5),
    "each of the four inputs is off by 0.5, whatever its target (0 or 1).",
    lambda: (f"Every input has (t − o)² = 0.5² = {fmt(0.5 ** 2)}, so E = ½·4·{fmt(0.5 ** 2)} = "
             f"{fmt(_constant_loss(0.5))}."),
)


def _n_weights_solution() -> str:
    shapes = [w.shape for w in Network([3, 4, 4, 1], bias=False).weights]
    return ("The shapes are " + ", ".join(f"W_{k + 1}: {r}×{c}" for k, (r, c) in enumerate(shapes))
            + ", so " + " + ".join(str(r * c) for r, c in shapes) + f" = {_n_weights_3441()} weights.")


def _E_three_merged_solution() -> str:
    o = _merged_output()
    return (f"dE/do = −2(1 − o) + o = 0 gives o = 2/3 = {fmt(o)} (the mean of the targets 1, 1, 0). "
            f"Then E = ½[2·(1 − {fmt(o)})² + {fmt(o)}²] = {fmt(_E_three_merged())} = 1/3: "
            f"the plateau where such networks get stuck (approached as the hidden weights grow without bound).")


register(
    "n_weights_3441",
    "How many weights does the 3-4-4-1 network (no bias vectors) have in all?",
    _n_weights_3441,
    "W_k has shape (neurons in layer k−1, neurons in layer k): write down the three shapes and add up "
    "rows × columns.",
    _n_weights_solution,
)
register(
    "E_three_merged",
    "Stuck network: it gets (0,0) right (o = 0) but its hidden layer maps (0,1), (1,0) and (1,1) to the "
    "same point, so they share one output o. Which o makes E smallest, and what is E then? Enter E.",
    _E_three_merged,
    "E(o) = ½[(1 − o)² + (1 − o)² + (0 − o)²]; set dE/do = 0 to find the best o (the mean of the three "
    "targets), then put it back into E.",
    _E_three_merged_solution,
)


# A code-writing exercise: the forward pass of a sigmoid network without bias, any depth.
def _forward_cases():
    X, _ = xor()
    for sizes, seed in (([3, 4, 4, 1], 3), ([3, 4, 1], 7), ([3, 2, 5, 2], 11)):
        net = Network(sizes, bias=False, seed=seed)
        yield "-".join(map(str, sizes)), X, [w.copy() for w in net.weights], net.forward(X)


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _test_forward_pass(function):
    for name, X, weights, true in _forward_cases():
        got = returned(function(X.copy(), [w.copy() for w in weights]), true.shape, name="forward_pass",
                       ends_with="a", wrong_shape=lambda shape: (
                           f"for the {name} network the output should have one row per input and one column per "
                           f"output neuron, shape {true.shape}, got shape {shape}."))
        if np.allclose(got, true, rtol=1e-9, atol=1e-12):
            continue
        a = X
        for w in weights[:-1]:
            a = _sigmoid(a @ w)
        if np.allclose(got, a @ weights[-1], rtol=1e-9, atol=1e-12):
            return False, f"for the {name} network the output layer's σ is missing: every layer is sigmoid."
        worst = np.unravel_index(np.argmax(np.abs(got - true)), true.shape)
        return False, (f"for the {name} network output {tuple(int(i) for i in worst)} is {fmt(got[worst], 6)}, "
                       f"but the network computes {fmt(true[worst], 6)}.")
    return True, "forward_pass agrees with Network.forward for the 3-4-4-1, 3-4-1 and 3-2-5-2 networks."


register(
    "forward_pass_code",
    "Write forward_pass(X, weights): the output of a sigmoid network without bias vectors, one row per input, "
    "for any number of layers (weights is the list W_1, W_2, …).",
    None,
    "start with a = X; for each W in weights: a = σ(a @ W), with σ(z) = 1/(1 + np.exp(−z)); return the last a. "
    "a @ W works because W_k has shape (neurons in layer k−1, neurons in layer k).",
    "a = X, then a = 1 / (1 + np.exp(-(a @ W))) for every W in turn: each layer's net input z = a·W is the "
    "previous layer's outputs times the weights (rows: examples, columns: neurons), squashed by σ. "
    "This is Network.forward without the bias vectors.",
    points=2,
    test=_test_forward_pass,
    reference=("def forward_pass(X, weights):\n"
               "    a = X\n"
               "    for W in weights:\n"
               "        a = 1 / (1 + np.exp(-(a @ W)))\n"
               "    return a"),
)
