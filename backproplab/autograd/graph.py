r"""Backprop as the chain rule on a graph: a tiny scalar autodiff.

**Var** — a number that remembers how it was computed::

    >>> x, y, z = Var(-2, "x"), Var(5, "y"), Var(-4, "z")
    >>> q = (x + y).named("q")
    >>> f = (q * z).named("f")
    >>> f.backward()
    >>> q.value, f.value, x.grad, y.grad, z.grad
    (3.0, -12.0, -4.0, -4.0, 3.0)

Every operation computes its output *and*, right beside it, its **local gradients**
$\partial\,\text{out}/\partial\,\text{in}$. :meth:`Var.backward` walks the graph from the output back
to the inputs in reverse topological order and applies the chain rule at every node,

$$\frac{\partial f}{\partial\,\text{in}} \mathrel{+}= \underbrace{\frac{\partial f}{\partial\,\text{out}}}_{\text{upstream}}
\times \underbrace{\frac{\partial\,\text{out}}{\partial\,\text{in}}}_{\text{local}},$$

adding up the contributions when a value feeds several operations (gradients add at branches).

**Gradients accumulate.** Each ``backward()`` *adds* $\partial f/\partial(\text{node})$ to every node's
``.grad``; nothing is reset. If two outputs share inputs, ``f.backward(); g.backward()`` leaves
$\partial f/\partial x + \partial g/\partial x$ in ``x.grad`` (PyTorch and micrograd accumulate across
fresh graphs too) — what a loss of several terms needs. So zero the gradients between training steps:
:meth:`Var.zero_grad` for one node, :func:`zero_grad` for a model's parameters::

    >>> w = Var(3.0, "w")
    >>> (w * w).backward(); (w * w).backward()   # two graphs, one parameter
    >>> w.grad                                   # 2·3 + 2·3
    12.0
    >>> zero_grad([w]); w.grad
    0.0

The CS231n-style gates are in :mod:`backproplab.autograd.gates`; :func:`backproplab.plots.draw_graph` draws a graph.
"""
from __future__ import annotations

import builtins
import math
import numbers
import operator
import weakref

from .._plumbing import checks as _checks
from .._plumbing.format import number
from .._plumbing.i18n import tr

# ``max`` (= maximum) is left out of __all__ so that a star import never hides the built-in.
__all__ = ["Var", "exp", "log", "sigmoid", "tanh", "relu", "maximum", "zero_grad",
           "topological_order", "backward_steps", "explain_backward", "SYMBOLS"]

# How the drawing and the explanation write each operation.
SYMBOLS = {"+": "+", "-": "−", "*": "×", "/": "/", "**": "^", "neg": "×−1", "exp": "exp",
           "log": "log", "sigmoid": "σ", "tanh": "tanh", "relu": "ReLU", "max": "max"}


def _is_number(v) -> bool:
    if isinstance(v, float):                    # float and numpy.float64: no slow ABC check
        return True
    return isinstance(v, numbers.Real) and not isinstance(v, bool)


class Var:
    """A scalar node of a computational graph.

    Attributes
    ----------
    value : float — the result of the forward pass.
    grad : float — the sum of $\\partial f/\\partial(\\text{this node})$ over every ``f.backward()``
        that reached the node since it was last zeroed (0 before any). It can be set (a real, finite
        number), e.g. ``p.grad = 0.0``, which is what :meth:`zero_grad` does.
    name : str or None — how drawings and explanations call the node.
    op : str — the operation that made it (``""`` for an input).
    children : tuple of Var — its inputs, in order.
    local_grads : tuple of float — $\\partial\\,\\text{self}/\\partial\\,\\text{child}$ for each child.

    Arithmetic mixes freely with plain numbers (``2 * x``, ``x + 1``, ``1 / x``, ``x ** 2``);
    such numbers become constant nodes, which :func:`backproplab.plots.draw_graph` folds into the gate's label.
    """
    __slots__ = ("value", "_grad", "name", "op", "children", "local_grads", "is_constant", "_grad_root",
                 "__weakref__")
    __array_ufunc__ = None          # numpy defers to Var's own operators (2.0 * x stays a Var)

    def __init__(self, value, name=None, *, _children=(), _op="", _local=(), _constant=False):
        if not _is_number(value):
            raise TypeError(f"value must be a real number, got {type(value).__name__} {value!r:.60}")
        self.value = _checks.real("value", value)     # 10**400 or a float128 1e400: a ValueError
        if name is not None and not isinstance(name, str):
            raise TypeError(f"name must be a string or None, got {type(name).__name__} {name!r}")
        self.name = name
        self._grad = 0.0
        self.op = _op
        self.children = tuple(_children)
        self.local_grads = tuple(float(g) for g in _local)
        self.is_constant = _constant
        self._grad_root = None      # None (zeroed), a weak reference to the Var whose backward() filled .grad, or _MIXED

    @property
    def grad(self) -> float:
        return self._grad

    @grad.setter
    def grad(self, value):
        value = _checks.real("grad", value)
        self._grad = value
        self._grad_root = None if value == 0 else _MIXED    # set by hand: no single output made it

    def zero_grad(self) -> None:
        """Set this node's ``.grad`` to 0, so that the next ``backward()`` starts it afresh
        (for a whole model: :func:`zero_grad` over its parameters)."""
        self._grad = 0.0
        self._grad_root = None

    @property
    def grad_root(self):
        """The output whose one ``backward()`` made this node's ``.grad``, or ``None``: before any
        backward, after :meth:`zero_grad`, and once ``.grad`` holds a sum (two backward calls, or a
        value set by hand), and once that output no longer exists. ``x.grad_root is f`` says that
        ``x.grad`` is exactly $\\partial f/\\partial x$ (times ``f.backward``'s seed)."""
        # Held weakly: a strong reference from every node back to f made each graph a reference cycle
        # that only a full garbage collection frees (most of a scalar training loop's time).
        root = self._grad_root
        return None if root is None or root is _MIXED else root()

    def named(self, name) -> "Var":
        """Give the node a name (for drawings) and return it: ``q = (x + y).named("q")``."""
        if not isinstance(name, str):
            raise TypeError(f"name must be a string, got {type(name).__name__} {name!r}")
        self.name = name
        return self

    def __repr__(self):
        label = f", name={self.name!r}" if self.name else ""
        return f"Var({self.value!r}{label}, grad={self.grad!r})"

    # ------------------------------------------------------------ operations
    # Each one: the forward value, then the local gradients ∂out/∂(each input) beside it.
    def __add__(self, other):
        other = _as_var(other)
        if other is NotImplemented:
            return other
        return _node(self.value + other.value, (self, other), "+", (1.0, 1.0))

    def __sub__(self, other):
        other = _as_var(other)
        if other is NotImplemented:
            return other
        return _node(self.value - other.value, (self, other), "-", (1.0, -1.0))

    def __mul__(self, other):
        other = _as_var(other)
        if other is NotImplemented:
            return other
        return _node(self.value * other.value, (self, other), "*", (other.value, self.value))   # swap

    def __truediv__(self, other):
        other = _as_var(other)
        if other is NotImplemented:
            return other
        if other.value == 0:
            raise ZeroDivisionError(f"division by a node whose value is 0 ({other!r})")
        a, b = self.value, other.value
        # -(a/b)/b rather than -a/b²: b² underflows to 0 for |b| < 1e-162 although a/b is fine.
        # A local gradient too large for a float becomes inf, which backward() reports.
        return _node(a / b, (self, other), "/", (1.0 / b, -(a / b) / b))

    def __pow__(self, other):
        other = _as_var(other)
        if other is NotImplemented:
            return other
        x, p = self.value, other.value
        if other.is_constant:                       # x ** 2: a power with a fixed exponent
            if x < 0 and not float(p).is_integer():
                raise ValueError(f"a negative base ({x}) needs a whole-number exponent, got {p}")
            if x == 0 and p < 0:
                raise ZeroDivisionError(f"0 cannot be raised to the negative power {p}")
            out = _power(x, p)
            if p == 0:
                local = 0.0
            elif x == 0 and p < 1:
                local = math.inf                    # e.g. √x at 0: the slope is vertical
            else:
                local = p * _power(x, p - 1, local=True)
            return _node(out, (self, other), "**", (local, 0.0))
        if x <= 0:                                  # x ** y with a variable exponent: x^y = e^{y ln x}
            raise ValueError(f"x ** y with a variable exponent needs a positive base, got {x}")
        out = _power(x, p)
        return _node(out, (self, other), "**", (p * _power(x, p - 1, local=True), out * math.log(x)))

    def __neg__(self):
        return _node(-self.value, (self,), "neg", (-1.0,))

    def exp(self):
        """$e^x$; local gradient $e^x$ (the output itself)."""
        try:
            out = math.exp(self.value)
        except OverflowError:
            raise _checks.FloatOverflow(f"exp({self.value}) is too large for a float (the limit is about exp(709.78))") from None
        return _node(out, (self,), "exp", (out,))

    def log(self):
        """$\\ln x$ for $x > 0$; local gradient $1/x$."""
        if self.value <= 0:
            raise ValueError(f"log needs a positive input, got {self.value}")
        return _node(math.log(self.value), (self,), "log", (1.0 / self.value,))

    def sigmoid(self):
        """$\\sigma(x) = 1/(1 + e^{-x})$; local gradient $\\sigma(1 - \\sigma)$."""
        x = self.value
        if x >= 0:                                  # written so that exp never overflows
            s = 1.0 / (1.0 + math.exp(-x))
        else:
            e = math.exp(x)
            s = e / (1.0 + e)
        return _node(s, (self,), "sigmoid", (s * (1.0 - s),))

    def tanh(self):
        """$\\tanh x$; local gradient $1 - \\tanh^2 x$."""
        t = math.tanh(self.value)
        return _node(t, (self,), "tanh", (1.0 - t * t,))

    def relu(self):
        """$\\max(0, x)$; local gradient 1 for $x > 0$, else 0 (also at the kink)."""
        x = self.value
        return _node(builtins.max(x, 0.0), (self,), "relu", (1.0 if x > 0 else 0.0,))

    def max(self, other):
        """$\\max(a, b)$; the local gradient is 1 for the larger input and 0 for the other
        (the max gate *routes* the gradient). On a tie the first input wins."""
        converted = _as_var(other)
        if converted is NotImplemented:
            raise TypeError(f"max needs a Var or a number, got {type(other).__name__} {other!r:.60}")
        other = converted
        first = self.value >= other.value
        return _node(self.value if first else other.value, (self, other), "max",
                     (1.0, 0.0) if first else (0.0, 1.0))

    def _reflected(self, other, op):       # 2 * x, 1 + x, 1 / x, 5 - x, 2 ** x: the number a constant Var
        other = _as_var(other)
        return other if other is NotImplemented else op(other, self)

    def __radd__(self, other):
        return self._reflected(other, operator.add)

    def __rsub__(self, other):
        return self._reflected(other, operator.sub)

    def __rmul__(self, other):
        return self._reflected(other, operator.mul)

    def __rtruediv__(self, other):
        return self._reflected(other, operator.truediv)

    def __rpow__(self, other):
        return self._reflected(other, operator.pow)

    # ------------------------------------------------------------ backward
    def backward(self, grad=1.0):
        """Add $\\partial(\\text{self})/\\partial(\\text{node})$ to ``.grad`` of every node of the graph.

        The output is seeded with ``grad`` (1 by default: $\\partial f/\\partial f = 1$) and the
        nodes are visited in reverse topological order, so each node's gradient from this call is
        complete before it is passed on. Only then is it added to ``.grad``: gradients
        **accumulate** over calls (call :meth:`zero_grad` / :func:`zero_grad` between training
        steps), and each call's chain rule uses its own gradients, so two calls give exactly twice
        the gradients of one. Raises ``NonFiniteError`` (a ``ValueError``), leaving every ``.grad``
        as it was, if a gradient is infinite — e.g. at the vertical slope of $\\sqrt{x}$ at 0 — or
        overflows, or if adding it to ``.grad`` overflows.
        """
        grad = _checks.real("grad", grad)
        grads = _chain_rule(self, grad)
        totals = {}
        for node, g in grads.items():
            if not math.isfinite(g):
                raise _checks.NonFiniteError(
                    f"the gradient of {self._label()} with respect to {node._label()} is {g}: a local "
                    "gradient on the way is infinite (a vertical slope, e.g. √x at 0, or 1/x near 0) "
                    "or the chain-rule product overflowed; .grad was left unchanged")
            total = node._grad + g
            if not math.isfinite(total):
                raise _checks.NonFiniteError(
                    f"adding this gradient ({g}) to the {node._grad} already in the .grad of {node._label()} "
                    "overflows; .grad was left unchanged (zero the gradients between steps)")
            totals[node] = total
        me = weakref.ref(self)
        for node, total in totals.items():
            node._grad = total
            node._grad_root = me if node._grad_root is None else _MIXED

    def _label(self):
        return repr(self.name) if self.name else f"the node of value {self.value:g}"


_MIXED = object()    # a node's _grad_root once its .grad is a sum that no single output made


def _chain_rule(f, seed) -> dict:
    """{node: ∂f/∂node} for every node of ``f``'s graph, from ``f`` back to its inputs (the one
    place the chain rule is written; neither reads nor changes ``.grad``)."""
    order = topological_order(f)
    grads = dict.fromkeys(reversed(order), 0.0)
    grads[f] = seed
    for node in grads:                              # reverse topological order: f first
        upstream = grads[node]
        for child, local in zip(node.children, node.local_grads):
            grads[child] += upstream * local        # upstream × local; += : gradients add at branches
    return grads


def zero_grad(nodes) -> None:
    """Set ``.grad`` of every ``Var`` in ``nodes`` (an iterable, e.g. a model's ``parameters()``)
    to 0 — what a training loop does before each ``backward()``, since gradients accumulate.
    Checks every item first, so a bad one leaves all gradients as they were."""
    if isinstance(nodes, Var) or not hasattr(nodes, "__iter__"):
        raise TypeError(f"nodes must be an iterable of Var (e.g. model.parameters()), got "
                        f"{type(nodes).__name__}" + ("; for one node call node.zero_grad()" if isinstance(nodes, Var) else ""))
    nodes = list(nodes)
    for k, node in enumerate(nodes):
        if not isinstance(node, Var):
            raise TypeError(f"nodes[{k}] must be a Var, got {type(node).__name__} {node!r:.60}")
    for node in nodes:
        node.zero_grad()


def _node(value, children, op, local):
    """An operation's output node. Its value and local gradients are floats computed from Vars,
    so it skips the constructor's checks of user input (a scalar network makes thousands per step)."""
    if not math.isfinite(value):
        raise _checks.FloatOverflow(f"the result of {SYMBOLS[op]!r} on {[c.value for c in children]} is {value}, "
                            "too large for a float")
    node = Var.__new__(Var)
    node.value, node.name, node._grad, node.op = float(value), None, 0.0, op
    node.children, node.local_grads = children, tuple(map(float, local))
    node.is_constant, node._grad_root = False, None
    return node


def _power(x, p, local=False):
    """``x ** p``; too large for a float: FloatOverflow, or ±inf for a local gradient (backward() reports it)."""
    try:
        return x ** p
    except OverflowError:
        if local:
            return -math.inf if x < 0 and float(p).is_integer() and int(p) % 2 else math.inf
        raise _checks.FloatOverflow(f"{x} ** {p} is too large for a float") from None


def _as_var(v):
    """A Var as is; a plain number as a constant node; anything else NotImplemented."""
    if isinstance(v, Var):
        return v
    if _is_number(v):
        return Var(v, _constant=True)
    return NotImplemented


def _var_arg(name, v) -> Var:
    """For the module-level functions: a Var, or a number turned into an input node."""
    if isinstance(v, Var):
        return v
    if _is_number(v):
        return Var(v)
    raise TypeError(f"{name} must be a Var or a number, got {type(v).__name__} {v!r:.60}")


# Module-level spellings: graph.exp(x), graph.sigmoid(x), graph.max(a, b), …
def exp(x) -> Var:
    """$e^x$ as a graph node (see :meth:`Var.exp`)."""
    return _var_arg("x", x).exp()


def log(x) -> Var:
    """$\\ln x$ as a graph node (see :meth:`Var.log`)."""
    return _var_arg("x", x).log()


def sigmoid(x) -> Var:
    """$\\sigma(x)$ as a graph node (see :meth:`Var.sigmoid`)."""
    return _var_arg("x", x).sigmoid()


def tanh(x) -> Var:
    """$\\tanh x$ as a graph node (see :meth:`Var.tanh`)."""
    return _var_arg("x", x).tanh()


def relu(x) -> Var:
    """$\\max(0, x)$ as a graph node (see :meth:`Var.relu`)."""
    return _var_arg("x", x).relu()


def maximum(a, b) -> Var:
    """$\\max(a, b)$ as a graph node (see :meth:`Var.max`); also available as ``graph.max``.
    Python's built-in ``max`` would return one of the inputs itself and leave no gate in the graph."""
    if isinstance(a, Var):
        return a.max(b)
    if isinstance(b, Var):                     # max(0, x): the number becomes a constant
        const = _as_var(a)
        if const is NotImplemented:
            raise TypeError(f"a must be a Var or a number, got {type(a).__name__} {a!r:.60}")
        return const.max(b)
    return _var_arg("a", a).max(_var_arg("b", b))


max = maximum     # graph.max(a, b); inside this module the built-in is builtins.max


# ---------------------------------------------------------------- graph walks
def topological_order(f) -> list:
    """Every node of ``f``'s graph, inputs first and ``f`` last: each node comes after all of
    its children. (An explicit stack, so long chains do not hit Python's recursion limit.)"""
    if not isinstance(f, Var):
        raise TypeError(f"f must be a Var, got {type(f).__name__}")
    order, seen = [], {id(f)}
    stack = [(f, iter(f.children))]     # depth first, children in order: a node once all its children are in
    while stack:
        node, children = stack[-1]
        for child in children:
            if id(child) not in seen:
                seen.add(id(child))
                stack.append((child, iter(child.children)))
                break
        else:
            stack.pop()
            order.append(node)
    return order


def _describe(node, names) -> str:
    """``x``, ``q``, ``−2.00``… : how the explanation refers to a node."""
    return names.get(id(node)) or node.name or number(node.value, "g")


def _node_names(f) -> dict:
    """Names for the explanation: the node's own name, or n1, n2, … for unnamed operations."""
    names, k = {}, 0
    for node in topological_order(f):
        if node.name:
            names[id(node)] = node.name
        elif node.op:
            k += 1
            names[id(node)] = f"n{k}"
    return names


def backward_steps(f) -> list:
    """The chain rule of one ``f.backward()`` one multiplication at a time, in the order backward
    visits them: a list of dicts with keys ``node``, ``child``, ``upstream``
    ($\\partial f/\\partial\\,\\text{node}$), ``local`` ($\\partial\\,\\text{node}/\\partial\\,\\text{child}$)
    and ``contribution`` (their product). The gradients are those of one ``f.backward()`` from the
    seed 1, computed afresh: neither what ``.grad`` has accumulated nor changed by this call."""
    if not isinstance(f, Var):
        raise TypeError(f"f must be a Var, got {type(f).__name__}")
    grads = _chain_rule(f, 1.0)
    steps = []
    for node, upstream in grads.items():
        for child, local in zip(node.children, node.local_grads):
            if not child.is_constant:
                steps.append({"node": node, "child": child, "upstream": upstream,
                              "local": local, "contribution": upstream * local})
    return steps


def explain_backward(f, precision=2) -> str:
    """The backward pass as text, one line per edge: upstream × local = contribution.

    The numbers are those of one ``f.backward()`` (see :func:`backward_steps`), whatever ``.grad``
    holds. Unnamed operations are called n1, n2, … (in forward order)."""
    precision = _checks.integer("precision", precision, low=0, high=17)   # float64: ~17 digits
    steps = backward_steps(f)
    names = _node_names(f)
    num = lambda v: number(v, f".{precision}f")
    out = f.name or "f"
    names[id(f)] = out
    width = builtins.max([len(_describe(s["child"], names)) for s in steps] + [1])
    lines = [tr("Backward, from the output to the inputs; each line is ∂{out}/∂input += upstream × local.").format(out=out),
             tr("∂{out}/∂{out} = {one}  (the seed)").format(out=out, one=num(1.0))]
    current = None
    for s in steps:
        node, child = s["node"], s["child"]
        if node is not current:
            current = node
            inputs = [_describe(c, names) if not c.is_constant else f"{c.value:g}" for c in node.children]
            lines.append(f"{_describe(node, names)} = {_formula(node.op, inputs)}:")
        lines.append(f"  ∂{out}/∂{_describe(child, names):<{width}} += {num(s['upstream'])} × {num(s['local'])}"
                     f" = {num(s['contribution'])}")
    grads = _chain_rule(f, 1.0)
    lines.append(tr("gradients: ") + ", ".join(
        f"∂{out}/∂{_describe(n, names)} = {num(grads[n])}"
        for n in topological_order(f) if not n.op and not n.is_constant))
    return "\n".join(lines)


def _formula(op, args) -> str:
    if op in ("+", "-", "*", "/", "**"):
        return f"{args[0]} {SYMBOLS[op]} {args[1]}"
    if op == "neg":
        return f"−{args[0]}"
    if op == "max":
        return f"max({args[0]}, {args[1]})"
    return f"{SYMBOLS[op]}({args[0]})"
