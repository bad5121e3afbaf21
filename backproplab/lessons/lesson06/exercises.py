"""Exercises of lesson 6 (registered with :func:`backproplab.exercises.registry.register`).

Every answer is computed with :mod:`backproplab.graph` (or :mod:`backproplab.gradcheck`),
never typed in, and so are the numbers quoted in the worked solutions.
"""
import numpy as np

from ... import gradcheck
from ..._plumbing.format import number
from ...exercises.registry import register, returned
from ...autograd.graph import Var


def _fmt(v, digits=4):
    return number(v, f".{digits}g")


# 1. The max gate routes: the input that lost gets no gradient.
def _max_circuit():
    x, y, z = Var(4.0, "x"), Var(-1.0, "y"), Var(3.0, "z")
    f = x.max(y) * z
    f.backward()
    return x, y, z, f


def _max_loser():
    return _max_circuit()[1].grad


def _max_solution():
    x, y, z, _ = _max_circuit()
    return (f"max({_fmt(x.value)}, {_fmt(y.value)}) = {_fmt(x.max(y).value)}: x wins. The multiply gate sends "
            f"the max gate an upstream gradient of z = {_fmt(z.value)}; the max gate routes all of it to x "
            f"(∂f/∂x = {_fmt(x.grad)}) and nothing to y: ∂f/∂y = {_fmt(y.grad)}. Nudging y a little changes "
            "nothing, because y is not the max.")


register(
    "max_gate_loser_grad",
    "f = max(x, y) · z at x = 4, y = −1, z = 3. What is ∂f/∂y?",
    _max_loser,
    "The max gate routes the whole upstream gradient to the input that won, and nothing to the other.",
    _max_solution,
)


# 2. A branch: x is used twice, and the gradients of its two uses add.
def _branch_circuit():
    x, y = Var(2.0, "x"), Var(-3.0, "y")
    f = x * y + x.max(y)
    f.backward()
    return x, y, f


def _branch_dfdx():
    return _branch_circuit()[0].grad


def _branch_solution():
    x, y, _ = _branch_circuit()
    return (f"The add gate passes 1 to both branches. Through the multiply gate x gets the other input, "
            f"y = {_fmt(y.value)}. Through the max gate x gets 1, because x = {_fmt(x.value)} > y. "
            f"At the branch the two add up: ∂f/∂x = {_fmt(y.value)} + 1 = {_fmt(x.grad)}.")


register(
    "branch_dfdx",
    "f = x·y + max(x, y) at x = 2, y = −3. Trace the graph: what is ∂f/∂x?",
    _branch_dfdx,
    "x feeds two gates. Find the gradient through each (the multiply gate swaps, the max gate routes) and add them.",
    _branch_solution,
)


# 3. A tanh neuron: upstream × local, three times.
def _tanh_circuit():
    w, x, b = Var(0.5, "w"), Var(2.0, "x"), Var(-0.5, "b")
    z = (w * x + b).named("z")
    f = z.tanh()
    f.backward()
    return w, x, b, z, f


def _tanh_dfdw():
    return _tanh_circuit()[0].grad


def _tanh_solution():
    w, x, _, z, f = _tanh_circuit()
    return (f"z = w·x + b = {_fmt(z.value)}, f = tanh(z) = {_fmt(f.value)}. The tanh gate's local gradient is "
            f"1 − f² = {_fmt(1 - f.value ** 2)}; the add gate passes it unchanged to w·x; the multiply gate "
            f"multiplies by the other input x = {_fmt(x.value)}: ∂f/∂w = {_fmt(w.grad)}.")


register(
    "tanh_neuron_dfdw",
    "f = tanh(w·x + b) at w = 0.5, x = 2, b = −0.5. What is ∂f/∂w?",
    _tanh_dfdw,
    "Collapse tanh into one gate with local gradient 1 − tanh²(z); the add gate passes it on and "
    "the multiply gate swaps.",
    _tanh_solution,
)


# 4. Reading a gradient check.
_ANALYTIC, _NUMERICAL = 0.2, 0.2001


def _rel_error():
    return gradcheck.rel_error(_ANALYTIC, _NUMERICAL)


register(
    "gradcheck_rel_error",
    "Backprop says a gradient is 0.2; the numerical gradient says 0.2001. What is the relative error "
    "|a − n| / max(|a|, |n|)?",
    _rel_error,
    "Divide the difference by the larger of the two sizes (both are far above the floor 1e-8).",
    lambda: (f"|0.2 − 0.2001| / max(0.2, 0.2001) = 0.0001 / 0.2001 ≈ {_fmt(_rel_error())}. That is in the "
             "suspicious band (1e-4 … 1e-2), far above 1e-7: with float64 and h = 1e-5, a correct gradient "
             "agrees to about 7 digits or more, so this one is worth a look."),
    abs_tol=1e-6, rel_tol=5e-3,
)


# 5. A code-writing exercise: the backward pass of a gate, judged by a gradient check.
def _divide_cases():
    """(x, y, dz) test inputs: one number each, then arrays with y of both signs, away from 0."""
    rng = np.random.default_rng(5)
    yield np.array(3.0), np.array(-2.0), np.array(1.5)
    yield (rng.normal(size=6), rng.uniform(0.5, 2.0, 6) * rng.choice([-1.0, 1.0], 6), rng.normal(size=6))


def _test_divide_backward(function):
    for x, y, dz in _divide_cases():
        dx, dy = returned(function(x.copy(), y.copy(), dz.copy()), [x.shape, y.shape], name="divide_backward",
                          ends_with="dx, dy",
                          wrong_count=lambda got: f"divide_backward should return two gradients, (dx, dy), got {got!r:.60}.",
                          wrong_shape=lambda shapes: (f"dx and dy should be shaped like x and y, {x.shape}, "
                                                      f"got {shapes[0]} and {shapes[1]}."))
        # the gradient check of section 4: central differences of Σ dz·(x / y)
        num_dx = gradcheck.numerical_gradient(lambda v: np.sum(dz * v / y), x.copy())
        num_dy = gradcheck.numerical_gradient(lambda v: np.sum(dz * x / v), y.copy())
        for name, mine, num in (("dx", dx, num_dx), ("dy", dy, num_dy)):
            error = gradcheck.rel_error(mine, num)
            if error > 1e-6:
                if np.allclose(mine, -num, rtol=1e-6):
                    advice = "its sign is flipped."
                elif np.allclose(mine * dz, num, rtol=1e-6):
                    advice = "multiply the local gradient by the upstream gradient dz (the chain rule)."
                else:
                    advice = f"the gradient check's relative error is {error:.1e} (the check passes below 1e-6)."
                return False, (f"{name} does not match the numerical gradient at x = {_fmt(float(x.flat[0]))}, "
                               f"y = {_fmt(float(y.flat[0]))}, dz = {_fmt(float(dz.flat[0]))}…: {advice}")
    return True, "dx and dy pass the gradient check (relative error below 1e-6), for numbers and for arrays."


register(
    "divide_backward_code",
    "Write divide_backward(x, y, dz): the backward pass of a divide gate z = x / y, returning (dx, dy) "
    "from the upstream gradient dz, for numbers or arrays.",
    None,
    "the local gradients are ∂z/∂x = 1/y and ∂z/∂y = −x/y²; like every gate, multiply each by the upstream "
    "gradient dz (the chain rule). NumPy's * and / work entry by entry on arrays.",
    "dx = dz / y and dy = −dz·x / y²: the local gradients of z = x·y⁻¹ times the upstream gradient. "
    "It is the multiply gate's swap (∂z/∂x is the other input, 1/y) combined with the power rule for 1/y. "
    "The checker compares both with central differences, the gradient check of section 4.",
    points=2,
    test=_test_divide_backward,
    reference=("def divide_backward(x, y, dz):\n"
               "    dx = dz / y\n"
               "    dy = -dz * x / y**2\n"
               "    return dx, dy"),
)
