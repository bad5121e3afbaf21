r"""The records of a step trace: every quantity of one training step as data that knows what it is.

A :class:`Record` is one line of :meth:`~backproplab.StepTrace.explain` before it is written out:
its :class:`Phase` (forward, loss, backward, gradient, update), the :class:`Element` of the network
it belongs to (a neuron, a weight's edge, a neuron's bias or the loss), the sample it is about
(``None`` for a whole-batch quantity, and for every quantity of a one-sample step), the quantity's
symbol (``z``, ``o``, ``p``, ``ô``, ``δ``, ``∂E/∂w``, ``∂E/∂b``, ``w``, ``b``, ``E``, ``penalty``),
its name (``z_D``, ``δ_F[2]``, ``w_AD_new``, the key of ``trace[...]`` where there is one), its
formula, the formula with the numbers substituted, and its value.

The loss is written ``E`` unless a neuron of the network is itself called ``E`` (lesson 1's hidden
neuron, a 2-2-3 softmax layer's first output): then it is ``E_total``, as Mazur writes it, and so are
the symbols built on it (``∂E_total/∂w``, ``δ = ∂E_total/∂z``), so that ``δ_E = ∂E_total/∂z_E`` cannot
be read as a derivative of neuron E (:func:`loss_symbol`). Renderers
(:mod:`backproplab.trace_render`, the network diagram, the step-through, the playground's read-out)
read these fields; nothing parses a name back.

:func:`build_records` makes them from a :class:`~backproplab.StepTrace`, one function per phase.
"""
from __future__ import annotations

import enum
from typing import NamedTuple

import numpy as np

from ._plumbing.format import number
from ._plumbing.i18n import mark, tr

MAX_TERMS = 4   # sums over samples longer than this are not written out term by term


class Phase(str, enum.Enum):
    """The five phases of a step, in order, each with its title (the one spelling every renderer
    uses: headings of ``explain()`` and of the HTML table, the step-through's *jump to*, the static
    builds' captions, the diagram's formula line). A phase equals its value (``Phase.FORWARD ==
    "forward"``), so code that compares a record's phase with a string keeps working."""
    FORWARD = "forward"
    LOSS = "loss"
    BACKWARD = "backward"
    GRADIENT = "gradient"
    UPDATE = "update"

    def __str__(self):
        return self.value

    @property
    def title(self) -> str:
        """The phase's heading: "Forward pass", "Loss", "Backward pass", "Gradients", "Updates" (in the
        package's language: :func:`~backproplab.set_language`)."""
        return tr(_TITLES[self])

    @property
    def detail(self) -> str:
        """What the heading adds about the phase's quantities ("" when nothing): δ = ∂E/∂z."""
        return self.detail_for(LOSS_SYMBOL)

    def detail_for(self, loss) -> str:
        """:attr:`detail` with the loss written ``loss`` (a trace's ``loss_symbol``): δ = ∂E_total/∂z."""
        return f"δ = ∂{loss}/∂z" if self is Phase.BACKWARD else ""


_TITLES = {Phase.FORWARD: mark("Forward pass"), Phase.LOSS: mark("Loss"), Phase.BACKWARD: mark("Backward pass"),
           Phase.GRADIENT: mark("Gradients"), Phase.UPDATE: mark("Updates")}


class Element(NamedTuple):
    """The part of the network a quantity belongs to.

    kind : ``"neuron"``, ``"edge"`` (a weight), ``"bias"`` (a neuron's bias) or ``"loss"``.
    layer : the layer of the neuron (``trace.names[layer]``; 0 is the input layer), for an edge or a
        bias the layer of the neuron it feeds; ``None`` for the loss.
    index : the neuron's index in its layer (neuron, bias), ``(i, j)`` for the edge from
        ``names[layer - 1][i]`` to ``names[layer][j]``; ``None`` for the loss.
    names : the neuron's name ``("D",)`` (neuron, bias), the edge's ends ``("A", "D")``, ``()`` for the loss.
    """
    kind: str
    layer: int | None
    index: int | tuple[int, int] | None
    names: tuple[str, ...]


LOSS = Element("loss", None, None, ())

LOSS_SYMBOL = "E"                 # how the trace writes the loss ...
LOSS_SYMBOL_BESIDE_E = "E_total"  # ... and how when a neuron is called E (Mazur's spelling)


def loss_symbol(names) -> str:
    r"""How a trace writes the loss of a network whose neurons are called ``names`` (one list of
    names per layer, inputs first): ``"E"``, or ``"E_total"`` when some neuron is itself called
    ``E``, so that the loss and that neuron cannot be read as one another ($\delta_E =
    \partial E_{\text{total}}/\partial z_E$, not $\partial E/\partial z_E$).

    >>> loss_symbol([["A", "B", "C"], ["D", "E"], ["F"]]), loss_symbol([["i1", "i2"], ["h1"], ["o1"]])
    ('E_total', 'E')
    """
    return LOSS_SYMBOL_BESIDE_E if any(n == LOSS_SYMBOL for layer in names for n in layer) else LOSS_SYMBOL


class Record(NamedTuple):
    """One quantity of a step (see the module docstring): ``phase``, ``element``, ``sample``,
    ``quantity`` (its symbol), ``name``, ``formula`` (in symbols), ``numbers`` (the same with the
    numbers substituted; "" when there is nothing to substitute) and ``value``."""
    phase: Phase
    element: Element
    sample: int | None
    quantity: str
    name: str
    formula: str
    numbers: str
    value: float


def fmt(value, precision=4) -> str:
    """A number as the trace writes it: ``precision`` significant digits, no trailing zeros,
    a real minus sign."""
    return number(value, f".{precision}g")


def factor(value, precision):
    """A number inside a longer expression: negative ones in parentheses."""
    s = fmt(value, precision)
    return f"({s})" if s.startswith("−") else s


def weight_name(src, dst):
    """How the trace names the weight from neuron ``src`` to ``dst``: w_AD, or w_h1,o1 for longer names."""
    return f"w_{src}{dst}" if len(src) == 1 and len(dst) == 1 else f"w_{src},{dst}"


def output_letter(activation):
    """How the trace writes an output: p (a probability) for softmax, o otherwise."""
    return "o" if activation.elementwise else "p"


def input_symbols(k, src_names, layers):
    """How layer k's inputs are written: x_A for the network's inputs, o_D (or ô_D after dropout) later."""
    if k == 0:
        return [f"x_{m}" for m in src_names]
    hat = "ô" if layers[k - 1].mask is not None else "o"
    return [f"{hat}_{m}" for m in src_names]


def element_name(element, loss=LOSS_SYMBOL):
    """What the trace calls an element's own number: ``w_AD`` (an edge), ``b_D`` (a bias), ``D`` (a
    neuron), ``loss`` (the loss: ``E``, or the trace's ``loss_symbol``)."""
    if element.kind == "edge":
        return weight_name(*element.names)
    return {"bias": f"b_{element.names[0]}" if element.names else "", "loss": loss}.get(element.kind, element.names[0])


def neuron(names, layer, j):
    return Element("neuron", layer, j, (names[layer][j],))


def edge(names, layer, i, j):
    return Element("edge", layer, (i, j), (names[layer - 1][i], names[layer][j]))


def bias(names, layer, j):
    return Element("bias", layer, j, (names[layer][j],))


class _Writer:
    """What every phase's records share: the trace, the digits, the samples written out one by one,
    the suffix that tells a batch's samples apart and the element the caller asked for (or ``None``)."""

    def __init__(self, trace, precision, sample, only):
        self.t, self.precision, self.only = trace, precision, only
        self.E = loss_symbol(trace.names)        # E, or E_total beside a neuron called E
        self.N = trace.X.shape[0]
        self.samples = range(self.N) if sample is None else [sample]

    def f(self, value):
        return factor(value, self.precision)

    def fmt(self, value):
        return fmt(value, self.precision)

    def suffix(self, s):
        return "" if self.N == 1 else f"[{s}]"

    def sample_of(self, s):
        return s if self.N > 1 else None

    def wanted(self, element):
        return self.only is None or element == self.only

    def layer_wanted(self, kinds, layer):
        """Whether any wanted element of one of ``kinds`` feeds or is in ``layer`` (a quick skip when
        only one element's records are asked for)."""
        return self.only is None or (self.only.kind in kinds and self.only.layer == layer)


def build_records(trace, precision=4, sample=None, only=None):
    """Every quantity of ``trace`` as a :class:`Record`, in forward, loss, backward, gradient, update
    order; ``sample``: only that sample's forward and backward quantities; ``only``: only the records
    of that :class:`Element` (the playground's read-out asks for one neuron's or one weight's).
    The arguments are checked by :meth:`~backproplab.StepTrace.records`."""
    w = _Writer(trace, precision, sample, only)
    return (_forward(w) + ([] if only not in (None, LOSS) else _loss(w)) + _backward(w)
            + _gradients(w) + _updates(w))


# --------------------------------------------------------------------------- forward
def _forward(w):
    t, recs = w.t, []
    for s in w.samples:
        for k in range(len(t.layers)):
            if not w.layer_wanted(("neuron",), k + 1):
                continue
            for j in range(len(t.names[k + 1])):
                element = neuron(t.names, k + 1, j)
                if w.wanted(element):
                    recs += _forward_neuron(w, s, k, j, element)
    return recs


def _forward_neuron(w, s, k, j, element):
    """z, o (or p) and, under dropout, ô of neuron j of layer k + 1 in sample s."""
    t, layer = w.t, w.t.layers[k]
    src, n = t.names[k], t.names[k + 1][j]
    in_sym = input_symbols(k, src, t.layers)
    terms = [f"{in_sym[i]}·{weight_name(m, n)}" for i, m in enumerate(src)]
    nums = [f"{w.f(layer.inputs[s, i])}·{w.f(t.weights_before[k][i, j])}" for i in range(len(src))]
    if t.biases_before is not None:
        terms.append(f"b_{n}")
        nums.append(w.f(t.biases_before[k][j]))
    sfx, smp = w.suffix(s), w.sample_of(s)
    recs = [Record(Phase.FORWARD, element, smp, "z", f"z_{n}{sfx}", " + ".join(terms), " + ".join(nums),
                   layer.z[s, j])]
    if layer.activation.elementwise:
        sym = layer.activation.symbol
        recs.append(Record(Phase.FORWARD, element, smp, "o", f"o_{n}{sfx}", f"{sym}(z_{n})",
                           f"{sym}({w.fmt(layer.z[s, j])})", layer.a[s, j]))
    else:      # softmax: p_n = exp(z_n)/Σⱼ exp(z_j)
        exps = " + ".join(f"exp({w.fmt(layer.z[s, q])})" for q in range(len(t.names[k + 1])))
        recs.append(Record(Phase.FORWARD, element, smp, "p", f"p_{n}{sfx}", f"exp(z_{n})/Σⱼ exp(z_j)",
                           f"exp({w.fmt(layer.z[s, j])})/({exps})", layer.a[s, j]))
    if layer.mask is not None:
        recs.append(Record(Phase.FORWARD, element, smp, "ô", f"ô_{n}{sfx}", f"o_{n}·m_{n}/(1 − p)",
                           f"{w.f(layer.a[s, j])}·{fmt(layer.mask[s, j])}/{w.fmt(1 - t.dropout)}",
                           layer.output[s, j]))
    return recs


# --------------------------------------------------------------------------- loss
def _loss(w):
    t = w.t
    out_names = t.names[-1]
    pairs = [(s, j) for s in range(w.N) for j in range(len(out_names))]
    o = output_letter(t.layers[-1].activation)
    term = t.loss_fn.term_text
    sq = [term.format(t=w.fmt(t.y[s, j]), o=w.f(t.output[s, j])) for s, j in pairs]
    name_out = out_names[0] if len(out_names) == 1 else "k"
    inner = term.format(t=f"t_{name_out}", o=f"{o}_{name_out}")
    sums = ("Σₙ" if w.N > 1 else "") + ("Σₖ" if len(out_names) > 1 else "")
    summed = inner if len(pairs) == 1 else sums + ("" if inner[0] in "([" else " ") + inner   # Σₖ t_k·ln p_k
    prefix = t.loss_fn.prefix_text.format(NK=len(pairs))
    listed = sq[0] if len(sq) == 1 else ("[" + " + ".join(sq) + "]" if len(sq) <= MAX_TERMS else "")
    recs = [Record(Phase.LOSS, LOSS, None, w.E, w.E, f"{prefix}{summed}", f"{prefix}{listed}" if listed else "",
                   t.loss)]
    if t.penalty:
        parts = ([f"½·{w.fmt(t.l2)}·Σw²"] if t.l2 else []) + ([f"{w.fmt(t.l1)}·Σ|w|"] if t.l1 else [])
        recs.append(Record(Phase.LOSS, LOSS, None, "penalty", "penalty", " + ".join(parts), "", t.penalty))
    return recs


# --------------------------------------------------------------------------- backward
def _backward(w):
    """δ of every neuron, output layer first."""
    t, recs = w.t, []
    for s in w.samples:
        for k in range(len(t.layers) - 1, -1, -1):
            if not w.layer_wanted(("neuron",), k + 1):
                continue
            for j, n in enumerate(t.names[k + 1]):
                element = neuron(t.names, k + 1, j)
                if w.wanted(element):
                    formula, numbers = _delta_text(w, s, k, j)
                    recs.append(Record(Phase.BACKWARD, element, w.sample_of(s), "δ", f"δ_{n}{w.suffix(s)}",
                                       formula, numbers, t.layers[k].delta[s, j]))
    return recs


def _delta_text(w, s, k, j):
    """``(formula, numbers)`` of δ of neuron j of layer k + 1 in sample s: what reaches it from above
    (∂E/∂o at the output, Σ δ·w from the layer above) times φ′ written in terms of the output."""
    t, layer = w.t, w.t.layers[k]
    n, act, L = t.names[k + 1][j], layer.activation, len(t.layers)
    paired = t.loss_fn.pairs(t.layers[-1].activation)
    NK = w.N * len(t.names[-1])
    if k == L - 1 and (paired or not act.elementwise):
        return _output_delta_text(w, s, j, n, paired, NK)
    d_sym = act.output_deriv_text.format(o=f"o_{n}")
    d_num = act.output_deriv_text.format(o=w.f(layer.a[s, j]))
    if k == L - 1:
        grad_tmpl = t.loss_fn.grad_factor_text
        up_sym = grad_tmpl.format(o=f"o_{n}", t=f"t_{n}", NK=NK)
        up_num = grad_tmpl.format(o=w.f(layer.a[s, j]), t=w.f(t.y[s, j]), NK=NK)
    else:
        nxt, above = t.layers[k + 1], t.names[k + 2]
        up_sym = "(" + " + ".join(f"δ_{q}·{weight_name(n, q)}" for q in above) + ")"
        up_num = "(" + " + ".join(f"{w.f(nxt.delta[s, qi])}·{w.f(t.weights_before[k + 1][j, qi])}"
                                  for qi in range(len(above))) + ")"
        if layer.mask is not None:
            up_sym += f"·m_{n}/(1 − p)"
            up_num += f"·{fmt(layer.mask[s, j])}/{w.fmt(1 - t.dropout)}"
    return f"{up_sym}·{d_sym}", f"{up_num}·{d_num}"


def _output_delta_text(w, s, j, n, paired, NK):
    """``(formula, numbers)`` of output neuron ``n``'s δ in sample ``s`` when it is not
    ∂E/∂o·φ′: the paired loss's own δ (``o − t``), or the product with softmax's Jacobian."""
    t = w.t
    layer, names = t.layers[-1], t.names[-1]
    o, a, y, f = output_letter(layer.activation), layer.a[s], t.y[s], w.f
    if paired:
        tmpl = t.loss_fn.delta_text
        return tmpl.format(o=f"{o}_{n}", t=f"t_{n}"), tmpl.format(o=f(a[j]), t=f(y[j]))
    grad = lambda out, tt: t.loss_fn.grad_factor_text.format(o=out, t=tt, NK=NK)   # g = ∂E/∂p
    formula = f"{o}_{n}·[{grad(f'{o}_{n}', f't_{n}')} − Σⱼ {o}_j·{grad(f'{o}_j', 't_j')}]"
    weighted = " + ".join(f"{f(a[q])}·{grad(f(a[q]), f(y[q]))}" for q in range(len(names)))
    return formula, f"{f(a[j])}·[{grad(f(a[j]), f(y[j]))} − ({weighted})]"


# --------------------------------------------------------------------------- gradients
def _gradients(w):
    """∂E/∂w and ∂E/∂b, summed over the samples of the batch; output layer first."""
    t, N, recs = w.t, w.N, []
    for k in range(len(t.layers) - 1, -1, -1):
        if not w.layer_wanted(("edge", "bias"), k + 1):
            continue
        layer = t.layers[k]
        in_sym = input_symbols(k, t.names[k], t.layers)
        for j, n in enumerate(t.names[k + 1]):
            for i, m in enumerate(t.names[k]):
                element = edge(t.names, k + 1, i, j)
                if not w.wanted(element):
                    continue
                sym = f"{in_sym[i]}·δ_{n}"
                nums = [f"{w.f(layer.inputs[s, i])}·{w.f(layer.delta[s, j])}" for s in range(N)]
                recs.append(Record(Phase.GRADIENT, element, None, f"∂{w.E}/∂w", f"∂{w.E}/∂{weight_name(m, n)}",
                                   sym if N == 1 else f"Σₙ {sym}", " + ".join(nums) if N <= MAX_TERMS else "",
                                   layer.grad_W[i, j]))
            element = bias(t.names, k + 1, j)
            if layer.grad_b is not None and w.wanted(element):
                nums = " + ".join(w.f(layer.delta[s, j]) for s in range(N)) if 1 < N <= MAX_TERMS else ""
                recs.append(Record(Phase.GRADIENT, element, None, f"∂{w.E}/∂b", f"∂{w.E}/∂b_{n}",
                                   f"δ_{n}" if N == 1 else f"Σₙ δ_{n}", nums, layer.grad_b[j]))
    return recs


# --------------------------------------------------------------------------- updates
def update_formula(weight, l2, l1, is_bias=False, loss=LOSS_SYMBOL):
    """The update of ``weight`` (a name such as ``w_AD``) in symbols: ``w_AD − η·∂E/∂w_AD``, with the
    penalty's gradient (``+ λ₂·w_AD``, ``+ λ₁·sign(w_AD)``) for a weight when there is one; ``loss``:
    how the loss is written (``E``, or ``E_total`` beside a neuron called E: :func:`loss_symbol`)."""
    reg = "" if is_bias else (f" + λ₂·{weight}" if l2 else "") + (f" + λ₁·sign({weight})" if l1 else "")
    return f"{weight} − η·(∂{loss}/∂{weight}{reg})" if reg else f"{weight} − η·∂{loss}/∂{weight}"


def _updates(w):
    """Every weight's and bias's new value, in the order of ``StepTrace.weight_updates``."""
    t, recs = w.t, []
    for k in range(len(t.layers)):
        if not w.layer_wanted(("edge", "bias"), k + 1):
            continue
        for i in range(len(t.names[k])):
            for j in range(len(t.names[k + 1])):
                element = edge(t.names, k + 1, i, j)
                if w.wanted(element):
                    recs.append(_update(w, element, t.weights_before[k][i, j], t.layers[k].grad_W[i, j],
                                        t.weights_after[k][i, j]))
        if t.biases_before is not None:
            for j in range(len(t.names[k + 1])):
                element = bias(t.names, k + 1, j)
                if w.wanted(element):
                    recs.append(_update(w, element, t.biases_before[k][j], t.layers[k].grad_b[j],
                                        t.biases_after[k][j]))
    return recs


def _update(w, element, before, grad, after):
    t, is_bias = w.t, element.kind == "bias"
    name = element_name(element)
    quantity = "b" if is_bias else "w"
    if is_bias and not t.train_bias:
        return Record(Phase.UPDATE, element, None, quantity, f"{name}_new",
                      tr("{name} (kept fixed: train_bias=False)").format(name=name), "", after)
    g = w.f(grad)
    if not is_bias and (t.l2 or t.l1):
        g = (f"({w.fmt(grad)}" + (f" + {w.fmt(t.l2)}·{w.f(before)}" if t.l2 else "")
             + (f" + {w.fmt(t.l1)}·{fmt(np.sign(before))}" if t.l1 else "") + ")")
    return Record(Phase.UPDATE, element, None, quantity, f"{name}_new", update_formula(name, t.l2, t.l1, is_bias, w.E),
                  f"{w.fmt(before)} − {w.fmt(t.lr)}·{g}", after)
