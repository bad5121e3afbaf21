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

Conventions: $z$ net input, $o = \varphi(z)$ a neuron's output, $t$ target, and
$\delta = \partial E/\partial z$. Many textbooks write the error term as
$\mathrm{Err} = o(1-o)(t-o) = -\delta$ and update $w \leftarrow w + \eta\,\mathrm{Err}\,o$;
that is the same step as $w \leftarrow w - \eta\,\delta\,o$ used here.
"""
from __future__ import annotations

import html
import re
import string
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from . import _checks
from ._format import number

MAX_TERMS = 4   # sums over samples longer than this are not written out term by term


def default_names(sizes):
    """Letters A, B, C, … across the network (the textbook style) while they last, else x1…, h1.1…, out1…"""
    if sum(sizes) <= 26:
        letters = iter(string.ascii_uppercase)
        return [[next(letters) for _ in range(n)] for n in sizes]
    names = [[f"x{j + 1}" for j in range(sizes[0])]]
    names += [[f"h{k}.{j + 1}" for j in range(n)] for k, n in enumerate(sizes[1:-1], start=1)]
    names.append([f"out{j + 1}" for j in range(sizes[-1])])
    return names


def fmt(value, precision=4) -> str:
    """A number as the trace writes it: ``precision`` significant digits, no trailing zeros,
    a real minus sign."""
    return number(value, f".{precision}g")


def _factor(value, precision):
    """A number inside a longer expression: negative ones in parentheses."""
    s = fmt(value, precision)
    return f"({s})" if s.startswith("−") else s


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


class Record(NamedTuple):
    phase: str        # "forward", "loss", "backward", "gradient", "update"
    name: str         # "z_D", "δ_F", "w_AD"…
    formula: str      # in symbols
    numbers: str      # the same with the numbers substituted ("" when there is nothing to substitute)
    value: float
    sample: int | None


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
    def _named_values(self):
        N = self.X.shape[0]
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
                    vals[f"grad_b_{n}"] = vals[f"∂E/∂b_{n}"] = layer.grad_b[j]
                for i, m in enumerate(src):
                    w = _weight_name(m, n)
                    vals[w] = self.weights_before[k][i, j]
                    vals[f"{w}_new"] = self.weights_after[k][i, j]
                    vals[f"grad_{w}"] = vals[f"∂E/∂{w}"] = layer.grad_W[i, j]
        for j, n in enumerate(self.names[-1]):
            vals[f"t_{n}"] = per_sample(self.y[:, j])
        vals["E"] = self.loss
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
                    rows.append(dict(name=_weight_name(m, n), before=before, grad=layer.grad_W[i, j],
                                     after=after, change=after - before))
            if self.biases_before is not None:
                for j, n in enumerate(self.names[k + 1]):
                    before, after = self.biases_before[k][j], self.biases_after[k][j]
                    rows.append(dict(name=f"b_{n}", before=before, grad=layer.grad_b[j],
                                     after=after, change=after - before))
        return rows

    # ------------------------------------------------------------------ the worked lines
    def records(self, precision=4, sample=None):
        """Every quantity as a :class:`Record`, in forward, loss, backward, gradient, update order."""
        N = self.X.shape[0]
        precision = _checks.integer("precision", precision, low=1)
        if sample is not None:
            sample = _checks.integer("sample", sample, low=-2**63)
        samples = range(N) if sample is None else [sample]
        if sample is not None and not 0 <= sample < N:
            raise ValueError(f"sample must be in 0..{N - 1}, got {sample}")
        f = lambda v: _factor(v, precision)
        sfx = (lambda s: "") if N == 1 else (lambda s: f"[{s}]")
        recs = []
        p = self.dropout
        # forward
        for s in samples:
            for k, layer in enumerate(self.layers):
                src, dst = self.names[k], self.names[k + 1]
                in_sym = _input_symbols(k, src, self.layers)
                for j, n in enumerate(dst):
                    terms = [f"{in_sym[i]}·{_weight_name(m, n)}" for i, m in enumerate(src)]
                    nums = [f"{f(layer.inputs[s, i])}·{f(self.weights_before[k][i, j])}" for i in range(len(src))]
                    if self.biases_before is not None:
                        terms.append(f"b_{n}")
                        nums.append(f(self.biases_before[k][j]))
                    recs.append(Record("forward", f"z_{n}{sfx(s)}", " + ".join(terms), " + ".join(nums),
                                       layer.z[s, j], s if N > 1 else None))
                    if layer.activation.elementwise:
                        sym = layer.activation.symbol
                        recs.append(Record("forward", f"o_{n}{sfx(s)}", f"{sym}(z_{n})",
                                           f"{sym}({fmt(layer.z[s, j], precision)})", layer.a[s, j], s if N > 1 else None))
                    else:      # softmax: p_n = exp(z_n)/Σⱼ exp(z_j)
                        exps = " + ".join(f"exp({fmt(layer.z[s, q], precision)})" for q in range(len(dst)))
                        recs.append(Record("forward", f"p_{n}{sfx(s)}", f"exp(z_{n})/Σⱼ exp(z_j)",
                                           f"exp({fmt(layer.z[s, j], precision)})/({exps})",
                                           layer.a[s, j], s if N > 1 else None))
                    if layer.mask is not None:
                        recs.append(Record("forward", f"ô_{n}{sfx(s)}", f"o_{n}·m_{n}/(1 − p)",
                                           f"{f(layer.a[s, j])}·{fmt(layer.mask[s, j])}/{fmt(1 - p, precision)}",
                                           layer.output[s, j], s if N > 1 else None))
        # loss
        out_names = self.names[-1]
        pairs = [(s, j) for s in range(N) for j in range(len(out_names))]
        out_act = self.layers[-1].activation
        o = _output_letter(out_act)
        term = self.loss_fn.term_text
        sq = [term.format(t=fmt(self.y[s, j], precision), o=f(self.output[s, j])) for s, j in pairs]
        name_out = out_names[0] if len(out_names) == 1 else "k"
        inner = term.format(t=f"t_{name_out}", o=f"{o}_{name_out}")
        sums = ("Σₙ" if N > 1 else "") + ("Σₖ" if len(out_names) > 1 else "")
        summed = inner if len(pairs) == 1 else sums + ("" if inner[0] in "([" else " ") + inner   # Σₖ t_k·ln p_k
        prefix = self.loss_fn.prefix_text.format(NK=len(pairs))
        listed = sq[0] if len(sq) == 1 else ("[" + " + ".join(sq) + "]" if len(sq) <= MAX_TERMS else "")
        recs.append(Record("loss", "E", f"{prefix}{summed}", f"{prefix}{listed}" if listed else "", self.loss, None))
        if self.penalty:
            parts = ([f"½·{fmt(self.l2, precision)}·Σw²"] if self.l2 else []) + ([f"{fmt(self.l1, precision)}·Σ|w|"] if self.l1 else [])
            recs.append(Record("loss", "penalty", " + ".join(parts), "", self.penalty, None))
        # backward: δ of every neuron, output layer first
        grad_tmpl = self.loss_fn.grad_factor_text
        paired = self.loss_fn.pairs(out_act)
        L = len(self.layers)
        for s in samples:
            for k in range(L - 1, -1, -1):
                layer = self.layers[k]
                act = layer.activation
                for j, n in enumerate(self.names[k + 1]):
                    if k == L - 1 and (paired or not act.elementwise):
                        formula, numbers = self._output_delta_text(s, j, n, paired, f, len(pairs))
                        recs.append(Record("backward", f"δ_{n}{sfx(s)}", formula, numbers,
                                           layer.delta[s, j], s if N > 1 else None))
                        continue
                    d_sym = act.output_deriv_text.format(o=f"o_{n}")
                    d_num = act.output_deriv_text.format(o=f(layer.a[s, j]))
                    if k == L - 1:
                        up_sym = grad_tmpl.format(o=f"o_{n}", t=f"t_{n}", NK=len(pairs))
                        up_num = grad_tmpl.format(o=f(layer.a[s, j]), t=f(self.y[s, j]), NK=len(pairs))
                    else:
                        nxt = self.layers[k + 1]
                        up_sym = "(" + " + ".join(f"δ_{q}·{_weight_name(n, q)}" for q in self.names[k + 2]) + ")"
                        up_num = "(" + " + ".join(f"{f(nxt.delta[s, qi])}·{f(self.weights_before[k + 1][j, qi])}"
                                                  for qi in range(len(self.names[k + 2]))) + ")"
                        if layer.mask is not None:
                            up_sym += f"·m_{n}/(1 − p)"
                            up_num += f"·{fmt(layer.mask[s, j])}/{fmt(1 - p, precision)}"
                    recs.append(Record("backward", f"δ_{n}{sfx(s)}", f"{up_sym}·{d_sym}", f"{up_num}·{d_num}",
                                       layer.delta[s, j], s if N > 1 else None))
        # gradients (summed over the samples of the batch)
        for k in range(L - 1, -1, -1):
            layer = self.layers[k]
            in_sym = _input_symbols(k, self.names[k], self.layers)
            for j, n in enumerate(self.names[k + 1]):
                for i, m in enumerate(self.names[k]):
                    w = _weight_name(m, n)
                    sym = f"{in_sym[i]}·δ_{n}"
                    nums = [f"{f(layer.inputs[s, i])}·{f(layer.delta[s, j])}" for s in range(N)]
                    recs.append(Record("gradient", f"∂E/∂{w}", sym if N == 1 else f"Σₙ {sym}",
                                       " + ".join(nums) if N <= MAX_TERMS else "", layer.grad_W[i, j], None))
                if layer.grad_b is not None:
                    nums = [fmt(layer.delta[s, j], precision) for s in range(N)]
                    recs.append(Record("gradient", f"∂E/∂b_{n}", f"δ_{n}" if N == 1 else f"Σₙ δ_{n}",
                                       " + ".join(_factor(layer.delta[s, j], precision) for s in range(N))
                                       if 1 < N <= MAX_TERMS else "", layer.grad_b[j], None))
        # updates
        reg_sym = (" + λ₂·{w}" if self.l2 else "") + (" + λ₁·sign({w})" if self.l1 else "")
        for row in self.weight_updates():
            w = row["name"]
            is_bias = w.startswith("b_")
            if is_bias and not self.train_bias:
                recs.append(Record("update", f"{w}_new", f"{w} (kept fixed: train_bias=False)", "", row["after"], None))
                continue
            reg = "" if is_bias else reg_sym.format(w=w)
            sym = f"{w} − η·(∂E/∂{w}{reg})" if reg else f"{w} − η·∂E/∂{w}"
            g = f(row["grad"])
            if reg:
                g = f"({fmt(row['grad'], precision)}" + (f" + {fmt(self.l2, precision)}·{f(row['before'])}" if self.l2 else "") \
                    + (f" + {fmt(self.l1, precision)}·{fmt(np.sign(row['before']))}" if self.l1 else "") + ")"
            recs.append(Record("update", f"{w}_new", sym, f"{fmt(row['before'], precision)} − {fmt(self.lr, precision)}·{g}",
                               row["after"], None))
        return recs

    def _output_delta_text(self, s, j, n, paired, f, NK):
        """``(formula, numbers)`` of output neuron ``n``'s δ in sample ``s`` when it is not
        ∂E/∂o·φ′: the paired loss's own δ (``o − t``), or the product with softmax's Jacobian."""
        layer, names = self.layers[-1], self.names[-1]
        o, a, y = _output_letter(layer.activation), layer.a[s], self.y[s]
        if paired:
            tmpl = self.loss_fn.delta_text
            return tmpl.format(o=f"{o}_{n}", t=f"t_{n}"), tmpl.format(o=f(a[j]), t=f(y[j]))
        grad = lambda out, t: self.loss_fn.grad_factor_text.format(o=out, t=t, NK=NK)   # g = ∂E/∂p
        formula = f"{o}_{n}·[{grad(f'{o}_{n}', f't_{n}')} − Σⱼ {o}_j·{grad(f'{o}_j', 't_j')}]"
        weighted = " + ".join(f"{f(a[q])}·{grad(f(a[q]), f(y[q]))}" for q in range(len(names)))
        return formula, f"{f(a[j])}·[{grad(f(a[j]), f(y[j]))} − ({weighted})]"

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
        lines, phase = [], None
        for r in self.records(precision, sample):
            if r.phase != phase:
                phase = r.phase
                lines.append(("" if not lines else "\n") + f"# {self.phase_title(phase, precision)}")
            lines.append(explain_line(r, precision))
        return "\n".join(lines)

    def phase_title(self, phase, precision=4) -> str:
        """The heading :meth:`explain` gives a phase ("forward", "loss", "backward", "gradient", "update")."""
        titles = {"forward": "Forward pass", "loss": "Loss", "backward": "Backward pass: δ = ∂E/∂z",
                  "gradient": "Gradients", "update": f"Updates (η = {fmt(self.lr, precision)}{self._fixed_note})"}
        if phase not in titles:
            raise ValueError(f"phase must be one of {list(titles)}, got {phase!r}")
        return titles[phase]

    @property
    def _fixed_note(self):
        """What the update headings add when the step kept the biases fixed."""
        return "; biases kept fixed" if self.biases_before is not None and not self.train_bias else ""

    def element_of(self, name):
        """Where the quantity ``name`` (a :class:`Record`'s name) belongs on the network diagram:
        ``("neuron", n)`` for z_n, o_n (p_n), ô_n, δ_n, ∂E/∂b_n and b_n_new; ``("edge", (m, n))`` for
        ∂E/∂w_mn and w_mn_new; ``("loss", None)`` for E and the penalty."""
        if not isinstance(name, str):
            raise TypeError(f"name must be a str, got {type(name).__name__}")
        base = re.sub(r"\[\d+\]$", "", name)
        if base in ("E", "penalty"):
            return ("loss", None)
        base = base.removesuffix("_new").removeprefix("∂E/∂")
        for k in range(len(self.names) - 1):
            for m in self.names[k]:
                for n in self.names[k + 1]:
                    if base == _weight_name(m, n):
                        return ("edge", (m, n))
        symbol, _, neuron = base.partition("_")
        if symbol in ("z", "o", "p", "ô", "δ", "b") and any(neuron in layer for layer in self.names[1:]):
            return ("neuron", neuron)
        raise KeyError(f"{name!r} is not a quantity of this step")

    def __str__(self):
        return self.explain()

    def __repr__(self):
        sizes = [len(n) for n in self.names]
        return f"<StepTrace {sizes}, {self.X.shape[0]} sample(s), loss {self.loss:.6g}, lr {self.lr:g}>"

    def _repr_html_(self, precision=4, sample=None):
        precision = _checks.integer("precision", precision, low=1)
        titles = {"forward": "Forward pass", "loss": "Loss", "backward": "Backward pass (δ = ∂E/∂z)",
                  "gradient": "Gradients", "update": f"Weight updates (η = {fmt(self.lr, precision)}{self._fixed_note})"}
        e = html.escape
        rows, phase = [], None
        for r in self.records(precision, sample):
            if r.phase != phase:
                phase = r.phase
                rows.append(f'<tr><th colspan="4" style="text-align:left;background:#eef3fb">{e(titles[phase])}</th></tr>')
            name = r.name.replace("_new", " (new)") if r.phase == "update" else r.name
            numbers = r.numbers if r.numbers != r.formula else ""
            rows.append("<tr>" + "".join(
                f'<td style="text-align:left;font-family:monospace">{e(c)}</td>'
                for c in (name, r.formula, numbers)) +
                f'<td style="text-align:right;font-family:monospace"><b>{e(fmt(r.value, precision))}</b></td></tr>')
        head = ('<tr><th style="text-align:left">quantity</th><th style="text-align:left">formula</th>'
                '<th style="text-align:left">numbers</th><th style="text-align:right">value</th></tr>')
        return (f'<table class="backproplab-trace">'
                f'<caption style="text-align:left">{e(repr(self))}</caption>{head}{"".join(rows)}</table>')


def explain_line(record, precision=4) -> str:
    """One :class:`Record` as :meth:`StepTrace.explain` writes it: ``name = formula = numbers = value``
    (``name ← …`` for an update)."""
    name = record.name.replace("_new", "") if record.phase == "update" else record.name
    arrow = "←" if record.phase == "update" else "="
    parts = [record.formula] + ([record.numbers] if record.numbers and record.numbers != record.formula else [])
    return f"{name} {arrow} " + " = ".join(parts) + f" = {fmt(record.value, precision)}"


def _weight_name(src, dst):
    return f"w_{src}{dst}" if len(src) == 1 and len(dst) == 1 else f"w_{src},{dst}"


def _output_letter(activation):
    """How the trace writes an output: p (a probability) for softmax, o otherwise."""
    return "o" if activation.elementwise else "p"


def _input_symbols(k, src_names, layers):
    """How layer k's inputs are written: x_A for the network's inputs, o_D (or ô_D after dropout) later."""
    if k == 0:
        return [f"x_{m}" for m in src_names]
    hat = "ô" if layers[k - 1].mask is not None else "o"
    return [f"{hat}_{m}" for m in src_names]
