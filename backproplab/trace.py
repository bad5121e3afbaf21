r"""Step traces: one training step, every number with its formula.

A :class:`StepTrace` is what :meth:`Network.train_step` returns. ``trace.layers[k]`` holds the
arrays of weight layer ``k`` (``inputs``, ``z``, ``a``, ``mask``, ``delta``, ``grad_W``,
``grad_b``); ``trace["z_D"]``, ``trace["δ_F"]`` (or ``"delta_F"``), ``trace["grad_w_AD"]``,
``trace["w_AD_new"]`` read single named quantities; :meth:`StepTrace.explain` writes one line per
quantity — formula, numbers substituted, result — in forward, backward, update order, e.g.::

    z_D = x_A·w_AD + x_B·w_BD + x_C·w_CD = 0·0.4 + 1·(−0.6) + 1·0.9 = 0.3

A softmax output layer writes its outputs as probabilities, ``p_F = exp(z_F)/Σⱼ exp(z_j)``
(``trace["p_F"]`` is ``trace["o_F"]``); a loss that pairs with its output activation writes the
output error term as it computes it, ``δ_F = o_F − t_F`` (sigmoid + bce) or ``δ_F = p_F − t_F``
(softmax + cross_entropy), and any other loss on a softmax layer goes through its Jacobian,
``δ_F = p_F·[g_F − Σⱼ p_j·g_j]`` with ``g = ∂E/∂p``.

The data and its writing are apart: :meth:`StepTrace.records` gives every quantity as a
:class:`~backproplab.trace_records.Record` (built by :mod:`backproplab.trace_records`) that carries
its :class:`~backproplab.trace_records.Phase` (one enumeration, each phase with its ``title``), its
:class:`~backproplab.trace_records.Element` (kind ``"neuron"``, ``"edge"``, ``"bias"`` or ``"loss"``,
layer, index or ``(i, j)``, the neurons' names), its sample (``None`` for a whole-batch quantity),
the quantity's symbol and name, formula, numbers and value. :mod:`backproplab.trace_render` writes
records as text (``explain``) and as the HTML table a notebook shows; the network diagram, the
step-through, the static builds and the playground's read-out read the same fields, and nothing
parses a name back.

Conventions: $z$ net input, $o = \varphi(z)$ a neuron's output, $t$ target, and
$\delta = \partial E/\partial z$. The loss is ``E``, or ``E_total`` when a neuron is itself called
``E`` (:attr:`StepTrace.loss_symbol`): lesson 1's trace (hidden neurons D, E) writes
``E_total = ½(t_F − o_F)²``, "Backward pass: δ = ∂E_total/∂z" and ``∂E_total/∂w_DF``, and reads
``trace["E_total"]`` (``trace["E"]`` too). Many textbooks write the error term as
$\mathrm{Err} = o(1-o)(t-o) = -\delta$ and update $w \leftarrow w + \eta\,\mathrm{Err}\,o$;
that is the same step as $w \leftarrow w - \eta\,\delta\,o$ used here.
"""
from __future__ import annotations

import string
from dataclasses import dataclass

import numpy as np

from . import trace_render
from ._plumbing import checks as _checks
from .trace_records import MAX_TERMS, Element, Phase, Record, build_records, fmt, loss_symbol, weight_name
from .trace_render import explain_line

__all__ = ["StepTrace", "LayerTrace", "Record", "Element", "Phase", "default_names", "fmt", "explain_line",
           "MAX_TERMS"]


def default_names(sizes):
    """Letters A, B, C, … across the network (the textbook style) while they last, else x1…, h1.1…, out1…"""
    if sum(sizes) <= 26:
        letters = iter(string.ascii_uppercase)
        return [[next(letters) for _ in range(n)] for n in sizes]
    names = [[f"x{j + 1}" for j in range(sizes[0])]]
    names += [[f"h{k}.{j + 1}" for j in range(n)] for k, n in enumerate(sizes[1:-1], start=1)]
    names.append([f"out{j + 1}" for j in range(sizes[-1])])
    return names


@dataclass
class LayerTrace:
    """Arrays of one weight layer during one step (``N`` samples, ``n_in`` → ``n_out`` neurons).

    inputs ``(N, n_in)`` — what reached the layer (after the previous layer's dropout);
    z ``(N, n_out)`` — net input; a ``(N, n_out)`` — activation φ(z), before dropout;
    mask ``(N, n_out)`` of 0/1 or ``None`` — dropout's keep mask;
    output ``(N, n_out)`` — what the layer passes on: ``a``, or ``a * mask / (1 − p)`` under dropout;
    delta ``(N, n_out)`` — δ = ∂E/∂z; grad_W ``(n_in, n_out)``; grad_b ``(n_out,)`` or ``None``.
    """
    inputs: np.ndarray
    z: np.ndarray
    a: np.ndarray
    mask: np.ndarray | None
    output: np.ndarray
    delta: np.ndarray
    grad_W: np.ndarray
    grad_b: np.ndarray | None
    activation: object


class StepTrace:
    """One training step of a :class:`~backproplab.Network`, layer by layer and neuron by neuron.

    ``train_bias`` is ``False`` when the step kept the biases fixed (``train_step(train_bias=False)``):
    ``b_h1_new`` equals ``b_h1``, the bias gradients are still recorded, and :meth:`explain` writes
    each bias's update as ``b_h1 ← b_h1 (kept fixed: train_bias=False) = 0.35``."""

    def __init__(self, *, layers, names, X, y, output, loss, penalty, loss_fn, lr, l2, l1, dropout,
                 weights_before, weights_after, biases_before, biases_after, train_bias=True):
        self.layers = layers
        self.names = names
        self.X, self.y, self.output = X, y, output
        self.loss, self.penalty, self.loss_fn = loss, penalty, loss_fn
        self.lr, self.l2, self.l1, self.dropout = lr, l2, l1, dropout
        self.weights_before, self.weights_after = weights_before, weights_after
        self.biases_before, self.biases_after = biases_before, biases_after
        # False: the step kept the biases fixed (``train_step(train_bias=False)``); they still have gradients
        self.train_bias = train_bias
        self.values = self._named_values()

    # ------------------------------------------------------------------ named access
    @property
    def loss_symbol(self) -> str:
        """How this trace writes the loss: ``"E"``, or ``"E_total"`` when a neuron is called ``E``
        (:func:`~backproplab.trace_records.loss_symbol`). Its lines, headings and keys use it
        (``trace["E_total"]``, ``trace["∂E_total/∂w_DF"]``); ``trace["E"]`` and ``trace["∂E/∂w_DF"]``
        read the same numbers under every name."""
        return loss_symbol(self.names)

    def _named_values(self):
        N = self.X.shape[0]
        E = self.loss_symbol
        per_sample = (lambda col: col[0]) if N == 1 else (lambda col: col.copy())
        vals = {}
        for i, n in enumerate(self.names[0]):
            vals[f"x_{n}"] = per_sample(self.X[:, i])
        for k, layer in enumerate(self.layers):
            src, dst = self.names[k], self.names[k + 1]
            for j, n in enumerate(dst):
                vals[f"z_{n}"] = per_sample(layer.z[:, j])
                vals[f"o_{n}"] = per_sample(layer.a[:, j])
                if not layer.activation.elementwise:
                    vals[f"p_{n}"] = vals[f"o_{n}"]
                vals[f"δ_{n}"] = vals[f"delta_{n}"] = per_sample(layer.delta[:, j])
                vals[f"Err_{n}"] = -vals[f"δ_{n}"]   # the textbooks' error term, −δ
                if layer.mask is not None:
                    vals[f"m_{n}"] = per_sample(layer.mask[:, j])
                    vals[f"ô_{n}"] = per_sample(layer.output[:, j])
                if self.biases_before is not None:
                    vals[f"b_{n}"] = self.biases_before[k][j]
                    vals[f"b_{n}_new"] = self.biases_after[k][j]
                    vals[f"grad_b_{n}"] = vals[f"∂E/∂b_{n}"] = vals[f"∂{E}/∂b_{n}"] = layer.grad_b[j]
                for i, m in enumerate(src):
                    w = weight_name(m, n)
                    vals[w] = self.weights_before[k][i, j]
                    vals[f"{w}_new"] = self.weights_after[k][i, j]
                    vals[f"grad_{w}"] = vals[f"∂E/∂{w}"] = vals[f"∂{E}/∂{w}"] = layer.grad_W[i, j]
        for j, n in enumerate(self.names[-1]):
            vals[f"t_{n}"] = per_sample(self.y[:, j])
        vals["E"] = vals[E] = self.loss
        return vals

    def __getitem__(self, name):
        """The quantity called ``name`` (``trace["z_D"]``): TypeError if ``name`` is not a string,
        KeyError (a lookup by key, like a dict's) if no quantity has that name."""
        if not isinstance(name, str):
            raise TypeError(f"a trace is indexed by a quantity's name (a string such as 'z_D'), "
                            f"got {type(name).__name__} {name!r:.40}")
        try:
            return self.values[name]
        except KeyError:
            raise KeyError(f"no quantity {name!r} in this trace; known names look like "
                           f"{', '.join(list(self.values)[:8])}, …") from None

    def __contains__(self, name):
        return name in self.values

    def weight_updates(self):
        """One dict per weight and bias: name, before, gradient, after, change."""
        rows = []
        for k, layer in enumerate(self.layers):
            for i, m in enumerate(self.names[k]):
                for j, n in enumerate(self.names[k + 1]):
                    before, after = self.weights_before[k][i, j], self.weights_after[k][i, j]
                    rows.append(dict(name=weight_name(m, n), before=before, grad=layer.grad_W[i, j],
                                     after=after, change=after - before))
            if self.biases_before is not None:
                for j, n in enumerate(self.names[k + 1]):
                    before, after = self.biases_before[k][j], self.biases_after[k][j]
                    rows.append(dict(name=f"b_{n}", before=before, grad=layer.grad_b[j],
                                     after=after, change=after - before))
        return rows

    # ------------------------------------------------------------------ the worked lines
    def records(self, precision=4, sample=None, element=None):
        """Every quantity as a :class:`~backproplab.trace_records.Record` (phase, element, sample,
        quantity, name, formula, numbers, value), in forward, loss, backward, gradient, update order.
        ``sample``: only that sample's forward pass and δ's (the loss, gradients and updates are the
        whole batch's); ``element``: only the records of that
        :class:`~backproplab.trace_records.Element`."""
        N = self.X.shape[0]
        precision = _checks.integer("precision", precision, low=1)
        if sample is not None:
            sample = _checks.integer("sample", sample, low=-2**63)
            if not 0 <= sample < N:
                raise ValueError(f"sample must be in 0..{N - 1}, got {sample}")
        if element is not None and not isinstance(element, Element):
            raise TypeError(f"element must be an Element (a record's .element) or None, "
                            f"got {type(element).__name__} {element!r:.60}")
        return build_records(self, precision, sample, element)

    # ---------------------------------------------------------------- plain data
    # The MIME type under which a display bundle carries a trace as data (a step-through's bundle does;
    # the static builds read it: backproplab.publish.step_builds).
    MIME = "application/vnd.backproplab.step-trace+json"
    _LAYER_ARRAYS = ("inputs", "z", "a", "mask", "output", "delta", "grad_W", "grad_b")

    def to_dict(self) -> dict:
        """The step as names, numbers and nested lists (what ``json.dumps`` takes; every float
        round-trips exactly). :meth:`from_dict` rebuilds the same trace: a static build redraws a
        step from it without the kernel that made it."""
        def listed(arrays):
            return None if arrays is None else [np.asarray(a).tolist() for a in arrays]
        return {
            "format": 1, "names": [list(layer) for layer in self.names],
            "X": self.X.tolist(), "y": self.y.tolist(), "output": self.output.tolist(),
            "loss": float(self.loss), "penalty": float(self.penalty), "loss_fn": self.loss_fn.name,
            "lr": float(self.lr), "l2": float(self.l2), "l1": float(self.l1), "dropout": float(self.dropout),
            "train_bias": bool(self.train_bias),
            "weights_before": listed(self.weights_before), "weights_after": listed(self.weights_after),
            "biases_before": listed(self.biases_before), "biases_after": listed(self.biases_after),
            "layers": [{**{key: None if getattr(layer, key) is None else np.asarray(getattr(layer, key)).tolist()
                           for key in self._LAYER_ARRAYS}, "activation": layer.activation.name}
                       for layer in self.layers],
        }

    @classmethod
    def from_dict(cls, data) -> "StepTrace":
        """The trace :meth:`to_dict` wrote. Raises ``ValueError`` on anything else."""
        from . import activations, losses

        if not isinstance(data, dict) or data.get("format") != 1:
            raise ValueError("data must be a dict written by StepTrace.to_dict (format 1), "
                             f"got {type(data).__name__} with format {getattr(data, 'get', lambda k: None)('format')!r}")

        def arrays(values):
            return None if values is None else [np.asarray(v, dtype=float) for v in values]
        try:
            layers = [LayerTrace(**{key: None if layer[key] is None else np.asarray(layer[key], dtype=float)
                                    for key in cls._LAYER_ARRAYS},
                                 activation=activations.get(layer["activation"]))
                      for layer in data["layers"]]
            return cls(layers=layers, names=[list(layer) for layer in data["names"]],
                       X=np.asarray(data["X"], dtype=float), y=np.asarray(data["y"], dtype=float),
                       output=np.asarray(data["output"], dtype=float), loss=float(data["loss"]),
                       penalty=float(data["penalty"]), loss_fn=losses.get(data["loss_fn"]), lr=float(data["lr"]),
                       l2=float(data["l2"]), l1=float(data["l1"]), dropout=float(data["dropout"]),
                       weights_before=arrays(data["weights_before"]), weights_after=arrays(data["weights_after"]),
                       biases_before=arrays(data["biases_before"]), biases_after=arrays(data["biases_after"]),
                       train_bias=bool(data["train_bias"]))
        except (KeyError, TypeError) as err:
            raise ValueError(f"data: not a trace written by StepTrace.to_dict ({type(err).__name__}: {err})") from err

    def explain(self, precision=4, sample=None) -> str:
        """The whole step as text: one line per quantity, ``name = formula = numbers = value``."""
        precision = _checks.integer("precision", precision, low=1)
        return trace_render.explain(self, self.records(precision, sample), precision)

    def phase_title(self, phase, precision=4) -> str:
        """The heading :meth:`explain` gives a :class:`~backproplab.trace_records.Phase` (or its value:
        "forward", "loss", "backward", "gradient", "update")."""
        return trace_render.heading(phase, self, precision)

    def element_of(self, name):
        """The :class:`~backproplab.trace_records.Element` the quantity ``name`` (a record's name, such
        as ``"z_D"``, ``"δ_F[1]"``, ``"w_AD_new"``) belongs to: a look-up in the records."""
        if not isinstance(name, str):
            raise TypeError(f"name must be a str, got {type(name).__name__}")
        for r in self.records():
            if r.name == name:
                return r.element
        raise KeyError(f"{name!r} is not a quantity of this step")

    def __str__(self):
        return self.explain()

    def __repr__(self):
        sizes = [len(n) for n in self.names]
        return f"<StepTrace {sizes}, {self.X.shape[0]} sample(s), loss {self.loss:.6g}, lr {self.lr:g}>"

    def _repr_html_(self, precision=4, sample=None):
        precision = _checks.integer("precision", precision, low=1)
        return trace_render.html_table(self, self.records(precision, sample), precision)
