"""Exercises of lesson 7 (registered with :func:`backproplab.exercises.registry.register`).

Every answer is computed with the package (:mod:`backproplab.graph`, :mod:`backproplab.lessons.lesson07.autograd`),
never typed in, and so are the numbers quoted in the worked solutions.
"""
import numpy as np

from ... import gradcheck
from ..._plumbing.format import number
from ..._plumbing.i18n import mark, tr
from ...exercises.registry import NotAnswered, NotYet, register, returned
from ...autograd.graph import Var
from . import autograd


def _fmt(v, digits=4):
    return number(v, f".{digits}g")


# 1. How many parameters: every unit has one weight per input and one bias.
_SIZES = [2, 16, 16, 1]      # micrograd's moons network


def _count_solution():
    terms = [f"({n_in} + 1)·{n_out} = {(n_in + 1) * n_out}" for n_in, n_out in zip(_SIZES, _SIZES[1:])]
    return tr("Each unit of a layer has one weight per unit of the layer before it, plus its bias: {terms}; "
              "together {total} Vars in mlp.parameters().").format(terms=", ".join(terms),
                                                                  total=autograd.parameter_count(_SIZES))


register(
    "mlp_parameter_count",
    lambda: tr("MLP with layer sizes 2-16-16-1 (micrograd's moons network, biases everywhere): how many numbers "
               "does mlp.parameters() return?"),
    lambda: float(autograd.parameter_count(_SIZES)),
    lambda: tr("Count per layer: a unit has one weight per input and one bias, so a layer from n_in to n_out has "
               "(n_in + 1)·n_out parameters. Add the three layers."),
    _count_solution,
    abs_tol=0.0, rel_tol=0.0,
    nudge=lambda: tr("Reread section 2: what does one Neuron's parameters() list, and how many neurons does each "
                     "layer have? Count layer by layer."),
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
    lambda: tr("w = Var(2.0); (3 * w).backward(); f = w ** 2; f.backward(); f.backward(). No zero_grad anywhere: "
               "what is w.grad now?"),
    lambda: _accumulated().grad,
    lambda: tr("Each backward() adds ∂(its output)/∂w to w.grad and nothing resets it. Add the three "
               "contributions."),
    lambda: tr("(3w).backward() adds 3; each f.backward() adds ∂(w²)/∂w = 2w = {slope}. Nothing is reset "
               "in between, so w.grad = 3 + 4 + 4 = {total}. A training loop that forgets "
               "zero_grad does exactly this: it steps along the sum of all the gradients so far.").format(
        slope=_fmt(2 * 2.0), total=_fmt(_accumulated().grad)),
    nudge=lambda: tr("Reread section 1: what does one backward() do to w.grad, and what would set it back to zero?"),
    # 4: as if each backward() set w.grad to its own gradient instead of adding to it
    mistakes={"assign-instead-of-accumulate": (
        lambda: 2 * 2.0, mark("lesson 7, section 1 (gradients add up)"),
        mark("each backward() adds its gradient to w.grad, across calls too, and nothing but zero_grad sets it "
             "back, so w.grad is the sum over all three calls, not the last call's gradient."))},
)


# 3. A code-writing exercise: the backward pass of a new operation, softplus.
def _softplus(z):
    return np.logaddexp(0.0, z)              # ln(1 + e^z) without overflow


def _softplus_cases():
    rng = np.random.default_rng(7)
    yield np.array(0.5), np.array(2.0)
    yield rng.normal(0.0, 3.0, 7), rng.normal(size=7)


def _softplus_code(dz: str) -> str:
    """A version of softplus_backward that returns ``dz`` as written, ``s`` = σ(z) at hand (a buggy one)."""
    return f"def softplus_backward(z, upstream):\n    s = 1 / (1 + np.exp(-z))\n    return {dz}"


def _test_softplus_backward(function):
    for z, upstream in _softplus_cases():
        dz = returned(function(z.copy(), upstream.copy()), z.shape, name="softplus_backward", ends_with="dz",
                      wrong_shape=lambda shape: tr("dz should be shaped like z, {z_shape}, got {shape}.").format(
                          z_shape=z.shape, shape=shape))
        numeric = gradcheck.numerical_gradient(lambda v: np.sum(upstream * _softplus(v)), z.copy())
        error = gradcheck.rel_error(dz, numeric)
        if error > 1e-6:
            if np.allclose(dz * upstream, numeric, rtol=1e-6):          # the local gradient alone
                advice = tr("multiply the local gradient by the upstream gradient (the chain rule).")
            elif np.allclose(dz, upstream * _softplus(z), rtol=1e-6):
                advice = tr("that is softplus itself times upstream; the backward pass needs its derivative.")
            else:
                advice = tr("the gradient check's relative error is {error:.1e} (the check passes below "
                            "1e-6).").format(error=error)
            return False, tr("dz does not match the numerical gradient at z = {z}, upstream = {upstream}…: "
                             "{advice}").format(z=_fmt(float(z.flat[0])), upstream=_fmt(float(upstream.flat[0])),
                                                advice=advice)
    return True, tr("dz passes the gradient check (relative error below 1e-6), for a number and for an array.")


register(
    "softplus_backward_code",
    lambda: tr("Write softplus_backward(z, upstream): the backward pass of a new operation softplus(z) = "
               "ln(1 + e^z), returning ∂E/∂z from the upstream gradient ∂E/∂softplus, for numbers or arrays."),
    None,
    lambda: tr("differentiate ln(1 + e^z) with the chain rule: 1/(1 + e^z) · e^z — a function this course uses all "
               "the time. Then multiply by the upstream gradient. (σ(z) = ½(1 + tanh(z/2)) never overflows.)"),
    lambda: tr("The local gradient of softplus is e^z/(1 + e^z) = σ(z), the sigmoid; times the upstream gradient: "
               "dz = upstream · σ(z). As a Var operation it would be one node with local_grads (σ(z),). The checker "
               "compares dz with central differences of Σ upstream · softplus(z)."),
    nudge=lambda: tr("Reread lesson 6 on a gate's local gradient times the upstream gradient; differentiate "
                     "softplus and look for a function you have met in every lesson since lesson 1."),
    points=2,
    test=_test_softplus_backward,
    reference=("def softplus_backward(z, upstream):\n"
               "    return upstream * 0.5 * (1.0 + np.tanh(z / 2.0))   # upstream · σ(z)"),
    # The classic slips of this backward pass; the catalogue's sentences speak of δ and of a neuron's σ′,
    # so the exercise words each itself.
    mistakes={
        # a factor of the chain rule left out: the upstream gradient, or softplus's own slope σ(z)
        "sigma-prime-missing": ([_softplus_code("1 / (1 + np.exp(-z))"), _softplus_code("upstream")],
                                mark("lesson 6, section 1 (a function as a graph: upstream times local, at "
                                     "every gate)"),
                                mark("softplus's gradient is the upstream gradient times its local gradient σ(z) "
                                     "(the chain rule): dz = upstream·σ(z), neither factor alone.")),
        # σ(z) = 1/(1 + e^(−z)) with the minus of its exponent lost: σ(−z)
        "sign-flipped": (_softplus_code("upstream / (1 + np.exp(z))"),
                         mark("lesson 3, section 1 (the sigmoid: σ(z) = 1/(1 + e^(−z)))"),
                         mark("σ(z) = 1/(1 + e^(−z)) has a minus in its exponent; without it, 1/(1 + e^z) is "
                              "σ(−z) = 1 − σ(z), small exactly where softplus is steep.")),
        # the sigmoid's slope in place of the sigmoid, or σ taken of softplus's output
        "sigma-prime-wrong-quantity": (
            [_softplus_code("upstream * s * (1 - s)"), _softplus_code("upstream / (1 + np.exp(-np.logaddexp(0, z)))")],
            mark("lesson 3, sections 1 and 7 (the sigmoid σ(z), and its own slope σ(1 − σ))"),
            mark("softplus′(z) = e^z/(1 + e^z) = σ(z), the sigmoid itself, taken of the input z: not the sigmoid's "
                 "slope σ(z)(1 − σ(z)), a derivative taken once too often, nor σ of softplus's output.")),
    },
    probes=lambda: list(_softplus_cases()) + [(np.array([-2.5, -0.3, 0.8, 3.0]), np.array([1.7, -0.6, 2.2, -1.3]))],
)


# 4. The centre of the lesson: the student's own Value, in micrograd's shape (Andrej Karpathy's micrograd,
# MIT licence, micrograd/engine.py: each operation's _backward beside its forward, backward() over a
# topological order). Value keeps Var's names .value and .grad, so the lesson's MLP trains on either.
# The solution (the reference) and the buggy variants below are written here, never copied from micrograd.
_GIVEN = '''
    # Given: built from the operations above, so they need no _backward of their own.
    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __radd__(self, other):
        return self + other

    def __rsub__(self, other):
        return (-self) + other

    def __rmul__(self, other):
        return self * other

    def sigmoid(self):
        return 0.5 * (1 + (0.5 * self).tanh())       # σ(z) = ½(1 + tanh(z/2))
'''

_VALUE_REFERENCE = '''class Value:
    """A number that remembers how it was computed (micrograd's Value, with Var's names .value and .grad)."""
    def __init__(self, value, _children=()):
        self.value = float(value)
        self.grad = 0.0
        self._prev = tuple(_children)          # the inputs of the operation that made this node
        self._backward = lambda: None          # passes this node's .grad on to its inputs

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.value + other.value, (self, other))
        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.value * other.value, (self, other))
        def _backward():
            self.grad += other.value * out.grad
            other.grad += self.value * out.grad
        out._backward = _backward
        return out

    def __pow__(self, k):                      # k: a plain number
        out = Value(self.value ** k, (self,))
        def _backward():
            self.grad += k * self.value ** (k - 1) * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        t = float(np.tanh(self.value))
        out = Value(t, (self,))
        def _backward():
            self.grad += (1 - t ** 2) * out.grad
        out._backward = _backward
        return out

    def backward(self):
        order, seen = [], set()
        def visit(v):                          # depth first: a node after all of its inputs
            if v not in seen:
                seen.add(v)
                for child in v._prev:
                    visit(child)
                order.append(v)
        visit(self)
        self.grad = 1.0                        # ∂self/∂self
        for v in reversed(order):              # from the output back to the inputs
            v._backward()

    def zero_grad(self):
        self.grad = 0.0                        # zero_grad: back to no gradient
''' + _GIVEN


def _variant(old, new, source=_VALUE_REFERENCE):
    assert old in source, old
    return source.replace(old, new)


def _method(source, name):
    """The text of method ``name`` in a Value class's ``source``."""
    start = source.index(f"    def {name}(")
    return source[start:source.index("\n\n    ", start) + 1]


def _assign_in(source, methods):
    """``source`` with ``grad = …`` in place of ``grad += …`` in the _backward of each of ``methods``."""
    for name in methods:
        source = _variant(_method(source, name), _method(source, name).replace("grad += ", "grad = "), source)
    return source


def _backward_as(code):
    """The reference with its backward() replaced by ``code``."""
    return _variant(_method(_VALUE_REFERENCE, "backward"), code)


# Two more reverse topological orders, depth first with the last input first and Kahn's (a node once all its
# users are done): the check accepts both, and a = slip is named on either …
_WALKS = (
    _variant("for child in v._prev:", "for child in reversed(v._prev):"),       # depth first, last input first
    _backward_as('''    def backward(self):
        users, seen, stack = {}, {self}, [self]
        while stack:                                    # how many operations use each node
            v = stack.pop()
            for child in v._prev:
                users[child] = users.get(child, 0) + 1
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
        self.grad = 1.0
        ready = [self]
        while ready:                                    # a node once every user has passed its gradient on
            v = ready.pop(0)
            v._backward()
            for child in v._prev:
                users[child] -= 1
                if users[child] == 0:
                    ready.append(child)
'''),
)
# … and walks that are not a reverse topological order: a node passes its gradient on before it has all of it.
_NOT_TOPOLOGICAL = [
    _variant("for v in reversed(order):", "for v in order:"),                   # inputs first
    _backward_as('''    def backward(self):
        order, seen, queue = [], {self}, [self]
        while queue:                                    # breadth first from the output
            v = queue.pop(0)
            order.append(v)
            for child in v._prev:
                if child not in seen:
                    seen.add(child)
                    queue.append(child)
        self.grad = 1.0
        for v in order:
            v._backward()
'''),
    _backward_as('''    def backward(self):
        order, seen = [], set()
        def visit(v):                                   # depth first, a node before its inputs
            if v not in seen:
                seen.add(v)
                order.append(v)
                for child in v._prev:
                    visit(child)
        visit(self)
        self.grad = 1.0
        for v in order:
            v._backward()
'''),
    _backward_as('''    def backward(self):
        def visit(v):                                   # every path, no visited set
            v._backward()
            for child in v._prev:
                visit(child)
        self.grad = 1.0
        visit(self)
'''),
]

_TANH_NODE = mark("lesson 7, section 4 (the four equations, one node at a time: the tanh node)")

# The catalogued bugs, each a variant of the reference: what the checker names when a class agrees with one.
# The = slip in all four operations, in + and ·, in + alone or in · alone, on each of three topological walks.
_VALUE_MISTAKES = {
    "assign-instead-of-accumulate": [_assign_in(walk, methods)
                                     for walk in (_VALUE_REFERENCE, *_WALKS)
                                     for methods in (("__add__", "__mul__", "__pow__", "tanh"), ("__add__", "__mul__"),
                                                     ("__add__",), ("__mul__",))],
    "not-topological-order": _NOT_TOPOLOGICAL,
    "gradients-not-zeroed": _variant("self.grad = 0.0                        # zero_grad", "pass  # zero_grad"),
    "sign-flipped": (_variant("(1 - t ** 2)", "(t ** 2 - 1)"), _TANH_NODE,
                     mark("d tanh/dz = 1 − tanh²(z) is positive (tanh only rises), so t² − 1 flips the sign of "
                          "every gradient that passes through the tanh node.")),
    "sigma-prime-missing": (_variant("self.grad += (1 - t ** 2) * out.grad", "self.grad += out.grad"), _TANH_NODE),
    "sigma-prime-wrong-quantity": (_variant("(1 - t ** 2)", "(1 - self.value ** 2)"), _TANH_NODE,
                                   mark("tanh′(z) = 1 − tanh²(z) = 1 − t² with t the output; 1 − z² squares the "
                                        "input.")),
}


# The expressions the check builds with the student's class N and with Var: each returns its output and
# the nodes whose .grad is compared, [(name, node)], and says in words what it is. Each operation alone
# comes first, so that the first expression that fails names the operation to look at.
def _add_alone(N):
    a, b = N(2.0), N(-3.0)
    return a + b, [("a", a), ("b", b)]


def _mul_alone(N):
    a, b = N(2.0), N(-3.0)
    return a * b, [("a", a), ("b", b)]


def _pow_alone(N):
    a = N(2.0)
    return a ** 3, [("a", a)]


def _tanh_alone(N):
    b = N(-0.5)
    return b.tanh(), [("b", b)]


def _twice(N):
    x = N(3.0)
    return x + x, [("x", x)]


def _shared(N):
    a, b = N(2.0), N(-3.0)
    c = a * b
    d = c + a
    e = d * c                                  # c reaches e on two paths, a on three
    return e, [("a", a), ("b", b), ("c", c), ("d", d)]


def _square(N):
    x = N(3.0)
    return x * x, [("x", x)]


def _neuron(N):
    w1, w2, b = N(0.5), N(-0.4), N(0.2)
    z = w1 * 1.0 + w2 * 0.5 + b
    a = z.tanh()
    E = 0.5 * (1.0 - a) ** 2
    return E, [("w1", w1), ("w2", w2), ("b", b), ("z", z), ("a", a)]


def _tanh_and_input(N):
    x = N(0.7)
    return x * x.tanh(), [("x", x)]        # x feeds tanh and the product


def _paths(N):
    a, b = N(0.6), N(-1.3)
    c = a * b
    d = (c + a).tanh()
    out = d * c + c ** 2                       # c reaches out directly and through c + a: paths of unequal length
    return out, [("a", a), ("b", b), ("c", c), ("d", d)]


def _powers(N):
    a, b = N(1.5), N(-2.0)
    y = a ** 3 * b ** -1 + (a * b) ** 2 + a ** 0.5
    return y, [("a", a), ("b", b)]


def _sigmoid_unit(N):
    w, b = N(-1.2), N(0.3)
    o = (w * 0.8 + b).sigmoid()
    E = 0.5 * (1.0 - o) ** 2
    return E, [("w", w), ("b", b)]


_EXPRESSIONS = (
    (_add_alone, mark("a + b alone (a = 2, b = −3)")),
    (_mul_alone, mark("a·b alone (a = 2, b = −3)")),
    (_pow_alone, mark("a**3 alone (a = 2)")),
    (_tanh_alone, mark("tanh(b) alone (b = −0.5)")),
    (_twice, "x + x (x = 3)"),
    (_square, "x·x (x = 3)"),
    (_tanh_and_input, "x·tanh(x) (x = 0.7)"),
    (_shared, mark("c = a·b, d = c + a, e = d·c (a = 2, b = −3; paths meet at a and c)")),
    (_neuron, mark("a tanh neuron, z = 0.5·1 − 0.4·0.5 + 0.2, E = ½(1 − tanh z)²")),
    (_paths, "c = a·b, d = tanh(c + a), out = d·c + c**2 (a = 0.6, b = −1.3)"),
    (_powers, "a**3 · b**−1 + (a·b)**2 + a**0.5 (a = 1.5, b = −2)"),
    (_sigmoid_unit, mark("a sigmoid unit (the given sigmoid uses your tanh), E = ½(1 − σ(−1.2·0.8 + 0.3))²")),
)


def _grads(N, k):
    """The .grad of every compared node of expression ``k`` built with ``N`` after one backward()."""
    out, nodes = _EXPRESSIONS[k][0](N)
    out.backward()
    return tuple(float(node.grad) for _, node in nodes)


def _two_passes(N):
    """The neuron's parameters' .grad after backward(), zero_grad() on each, a fresh graph's backward()
    (one pass's worth), and a third fresh graph's backward() without zero_grad (two passes' worth)."""
    params = [N(0.5), N(-0.4), N(0.2)]

    def loss():
        w1, w2, b = params
        return 0.5 * (1.0 - (w1 * 1.0 + w2 * 0.5 + b).tanh()) ** 2

    loss().backward()
    for p in params:
        p.zero_grad()
    loss().backward()
    after_zero = [float(p.grad) for p in params]
    loss().backward()
    return tuple(after_zero + [float(p.grad) for p in params])


def _fingerprint(N, k):
    """What a probe compares: expression ``k``'s gradients, or (``k`` = len(_EXPRESSIONS)) the two passes."""
    return _two_passes(N) if k == len(_EXPRESSIONS) else _grads(N, k)


def _value_probes():
    return [(k,) for k in range(len(_EXPRESSIONS) + 1)]


def _returns_a_value(N):
    """Each operation of the student's class returns a node of that class with the right forward value."""
    a, b = N(2.0), N(-0.5)
    for what, make, true in (("__add__ (a + b)", lambda: a + b, 1.5), ("__mul__ (a * b)", lambda: a * b, -1.0),
                             ("__pow__ (a ** 3)", lambda: a ** 3, 8.0),
                             ("tanh (b.tanh())", lambda: b.tanh(), float(np.tanh(-0.5)))):
        got = make()
        if got is None:
            raise NotAnswered(tr("Value.{what} returned None: end it with return out.").format(what=what))
        if not isinstance(got, N):
            raise NotYet(tr("Value.{what} returned a {type}, not a Value.").format(what=what,
                                                                                 type=type(got).__name__))
        if not np.isclose(float(got.value), true, rtol=1e-12, atol=0):
            raise NotYet(tr("Value.{what} has .value {got} for a = 2, b = −0.5; it should be {true}.").format(
                what=what, got=_fmt(float(got.value), 6), true=_fmt(true, 6)))


def _test_value_class(N):
    if not isinstance(N, type):
        raise NotYet(tr("pass your class Value itself, got {type} {value}.").format(type=type(N).__name__,
                                                                                      value=f"{N!r:.60}"))
    try:
        return _compare_with_var(N)
    except NotYet:
        raise
    except Exception as err:          # the student's class failed: say how (the registry would say "function")
        raise NotYet(tr("your class raised {error}: {message}.").format(error=type(err).__name__,
                                                                          message=err)) from err


def _compare_with_var(N):
    _returns_a_value(N)
    out, nodes = _EXPRESSIONS[0][0](N)
    out.backward()
    if float(out.grad) == 0.0 and all(float(node.grad) == 0.0 for _, node in nodes):
        raise NotYet(tr("after backward() on a + b every .grad is still 0, the output's too: backward() seeds "
                        "self.grad = 1 (∂self/∂self) before it calls the _backward functions."))
    for k, (_, what) in enumerate(_EXPRESSIONS):
        names = [name for name, _ in _EXPRESSIONS[k][0](Var)[1]]
        got, true = _grads(N, k), _grads(Var, k)
        for name, g, t in zip(names, got, true):
            if not np.isclose(g, t, rtol=1e-9, atol=1e-12):
                return False, tr("for {what}, {name}.grad is {got} after backward(), but Var gives "
                                 "{true}.").format(what=tr(what), name=name, got=_fmt(g, 6), true=_fmt(t, 6))
    got, true = _two_passes(N), _two_passes(Var)
    if not np.allclose(got[:3], true[:3], rtol=1e-9, atol=1e-12):
        return False, tr("backward(), zero_grad() on every parameter, then backward() on a fresh graph: the "
                         "neuron's w1.grad is {got}, but one pass gives {true}.").format(got=_fmt(got[0], 6),
                                                                                       true=_fmt(true[0], 6))
    if not np.allclose(got[3:], true[3:], rtol=1e-9, atol=1e-12):
        return False, tr("a second backward() on a fresh graph, without zero_grad, should add to .grad: the "
                         "neuron's w1.grad is {got}, but Var has {true}.").format(got=_fmt(got[3], 6),
                                                                                true=_fmt(true[3], 6))
    return True, tr("every .grad equals Var's on all {n} expressions, and zero_grad() and "
                    "accumulation across fresh graphs behave as Var's: your Value trains the MLP below.").format(
        n=len(_EXPRESSIONS))


def _value_solution():
    return tr("Every operation builds its output node out = Value(forward value, (its inputs)) and, beside it, "
              "a closure _backward that adds out.grad × the local gradient into each input's .grad: for a + b, "
              "1 and 1; for a·b, b and a (the swap); for x**k, k·x**(k − 1); for tanh, 1 − t² with t the "
              "output. "
              "It adds (+=) because a node may feed several operations, or one operation twice (x·x): the "
              "contributions of the paths add up. backward() lists the nodes depth first, each after all of its "
              "inputs (a topological order), seeds self.grad = 1 and calls _backward from the output back, so "
              "that every node has its whole gradient before it passes it on; zero_grad() sets .grad = 0. "
              "This is the shape of micrograd's engine.py (Andrej Karpathy, MIT licence), which calls .value "
              "data; the reference:") + "\n\n" + _VALUE_REFERENCE.split("\n    # Given:")[0]


register(
    "value_class_code",
    lambda: tr("Write class Value, a scalar that remembers how it was computed, in micrograd's shape: +, * and ** "
               "(a plain-number exponent) and tanh, each with its _backward beside its forward; backward() with the "
               "topological order; zero_grad(). The check builds expressions with your class (each operation "
               "alone, x + x, x·x, paths that meet, a neuron, two backward passes) and compares every .grad with "
               "Var's."),
    None,
    lambda: tr("each operation makes out = Value(…, (its inputs)) and a _backward that adds out.grad times the "
               "local gradient into each input's .grad — adds, since one node can feed several operations (x·x "
               "feeds one twice). backward(): first list every node after all of its inputs (depth first, as "
               "lesson 6's topological_order), then seed self.grad = 1 and call _backward from the output back to the inputs."),
    _value_solution,
    points=2,
    test=_test_value_class,
    reference=_VALUE_REFERENCE,
    nudge=lambda: tr("Reread section 4 here (the four equations, one node at a time) and lesson 6's backward, one "
                     "node at a time; then build x·x and (a·b + a)·(a·b) with your class and with Var, call "
                     "backward() on each and compare the .grad of every node."),
    mistakes=_VALUE_MISTAKES,
    probes=_value_probes,
    run=_fingerprint,
)
