"""Exercises of lesson 7 (registered with :func:`backproplab.exercises.registry.register`).

Every answer is computed with the package (:mod:`backproplab.graph`, :mod:`backproplab.lessons.lesson07.autograd`),
never typed in, and so are the numbers quoted in the worked solutions.
"""
import numpy as np

from ... import gradcheck
from ..._plumbing.format import number
from ...exercises.registry import register, returned
from ...autograd.graph import Var
from . import autograd


def _fmt(v, digits=4):
    return number(v, f".{digits}g")


# 1. How many parameters: every unit has one weight per input and one bias.
_SIZES = [2, 16, 16, 1]      # micrograd's moons network


def _count_solution():
    terms = [f"({n_in} + 1)·{n_out} = {(n_in + 1) * n_out}" for n_in, n_out in zip(_SIZES, _SIZES[1:])]
    return ("Each unit of a layer has one weight per unit of the layer before it, plus its bias: "
            + ", ".join(terms) + f"; together {autograd.parameter_count(_SIZES)} Vars in mlp.parameters().")


register(
    "mlp_parameter_count",
    "MLP with layer sizes 2-16-16-1 (micrograd's moons network, biases everywhere): how many numbers does "
    "mlp.parameters() return?",
    lambda: float(autograd.parameter_count(_SIZES)),
    "Count per layer: a unit has one weight per input and one bias, so a layer from n_in to n_out has "
    "(n_in + 1)·n_out parameters. Add the three layers.",
    _count_solution,
    abs_tol=0.0, rel_tol=0.0,
)


# 2. Gradients accumulate: two graphs and two backward calls into the same Var.
def _accumulated():
    w = Var(2.0, "w")
    (3 * w).backward()                 # ∂/∂w of 3w: 3
    square = w ** 2
    square.backward()                  # ∂/∂w of w²: 2w = 4
    square.backward()                  # … and once more
    return w


register(
    "accumulated_grad",
    "w = Var(2.0); (3 * w).backward(); f = w ** 2; f.backward(); f.backward(). No zero_grad anywhere: "
    "what is w.grad now?",
    lambda: _accumulated().grad,
    "Each backward() adds ∂(its output)/∂w to w.grad and nothing resets it. Add the three contributions.",
    lambda: (f"(3w).backward() adds 3; each f.backward() adds ∂(w²)/∂w = 2w = {_fmt(2 * 2.0)}. Nothing is reset "
             f"in between, so w.grad = 3 + 4 + 4 = {_fmt(_accumulated().grad)}. A training loop that forgets "
             "zero_grad does exactly this: it steps along the sum of all the gradients so far."),
)


# 3. A code-writing exercise: the backward pass of a new operation, softplus.
def _softplus(z):
    return np.logaddexp(0.0, z)              # ln(1 + e^z) without overflow


def _softplus_cases():
    rng = np.random.default_rng(7)
    yield np.array(0.5), np.array(2.0)
    yield rng.normal(0.0, 3.0, 7), rng.normal(size=7)


def _test_softplus_backward(function):
    for z, upstream in _softplus_cases():
        dz = returned(function(z.copy(), upstream.copy()), z.shape, name="softplus_backward", ends_with="dz",
                      wrong_shape=lambda shape: f"dz should be shaped like z, {z.shape}, got {shape}.")
        numeric = gradcheck.numerical_gradient(lambda v: np.sum(upstream * _softplus(v)), z.copy())
        error = gradcheck.rel_error(dz, numeric)
        if error > 1e-6:
            if np.allclose(dz * upstream, numeric, rtol=1e-6):          # the local gradient alone
                advice = "multiply the local gradient by the upstream gradient (the chain rule)."
            elif np.allclose(dz, upstream * _softplus(z), rtol=1e-6):
                advice = "that is softplus itself times upstream; the backward pass needs its derivative."
            else:
                advice = f"the gradient check's relative error is {error:.1e} (the check passes below 1e-6)."
            return False, (f"dz does not match the numerical gradient at z = {_fmt(float(z.flat[0]))}, "
                           f"upstream = {_fmt(float(upstream.flat[0]))}…: {advice}")
    return True, "dz passes the gradient check (relative error below 1e-6), for a number and for an array."


register(
    "softplus_backward_code",
    "Write softplus_backward(z, upstream): the backward pass of a new operation softplus(z) = ln(1 + e^z), "
    "returning ∂E/∂z from the upstream gradient ∂E/∂softplus, for numbers or arrays.",
    None,
    "differentiate ln(1 + e^z) with the chain rule: 1/(1 + e^z) · e^z — a function this course uses all the time. "
    "Then multiply by the upstream gradient. (σ(z) = ½(1 + tanh(z/2)) never overflows.)",
    "The local gradient of softplus is e^z/(1 + e^z) = σ(z), the sigmoid; times the upstream gradient: "
    "dz = upstream · σ(z). As a Var operation it would be one node with local_grads (σ(z),). The checker "
    "compares dz with central differences of Σ upstream · softplus(z).",
    points=2,
    test=_test_softplus_backward,
    reference=("def softplus_backward(z, upstream):\n"
               "    return upstream * 0.5 * (1.0 + np.tanh(z / 2.0))   # upstream · σ(z)"),
)
