r"""The playground's read-out: the numbers of the latest training step for the selected neuron or
weight, rendered from the step's :class:`~backproplab.trace.StepTrace` records in the trace's own
notation (``o_h1.0``, ``w_x₁,h1.0``, λ₂), formulas as ``trace.explain()`` writes them; and the
line above it (data, losses, epochs per frame).

A selection is ``(layer, unit)`` for a neuron, ``(layer, i, j)`` for the weight
``network.weights[layer − 1][i, j]``, or ``None``.
"""
from __future__ import annotations

import html

from ...._plumbing.format import display_width, number, pad
from ...._plumbing.i18n import tr, tr_n
from ....trace_records import Element, element_name
from ....trace_render import explain_line, formula_line

__all__ = ["selection_text", "readout_html", "refusal_html", "edge_lines", "neuron_lines", "incoming_lines"]

DIGITS = ".4g"


def selection_text(run, settings: dict, selected) -> str:
    """The numbers of ``run``'s most recent step for the ``selected`` neuron or weight (plain text,
    the package's number format), or a line saying what to select."""
    if selected is None:
        return tr("Select a neuron or a weight to see the numbers of the latest step.")
    net = run.network
    layer, *units = selected
    src_names, dst_names = net.names[layer - 1], net.names[layer]
    k = layer - 1                                     # the weight layer into `layer`
    if run.trace is None:
        w = net.weights[k]
        if len(units) == 2:
            i, j = units
            return tr("w {source} → {target} = {value}; no step yet: "
                      "press step or play to see its gradient and update").format(
                source=src_names[i], target=dst_names[j], value=number(w[i, j], DIGITS))
        return tr("neuron {neuron}: no step yet: press step or play to see its numbers").format(
            neuron=dst_names[units[0]])
    t = run.trace
    n = t.X.shape[0]
    points = tr_n("{n} point", "{n} points", n).format(n=n)
    head = tr("epoch {epoch}: the step on its last batch ({points}, η = {lr}{penalty})").format(
        epoch=run.epoch, points=points, lr=number(t.lr, 'g'), penalty=_penalty_note(settings))
    if len(units) == 2:
        i, j = units
        return "\n".join([tr("weight {source} → {target} (layer {layer}, i = {i}, j = {j}) · {head}").format(
            source=src_names[i], target=dst_names[j], layer=layer, i=i, j=j, head=head)] + edge_lines(t, layer, i, j))
    j = units[0]
    output = layer == len(net.layer_sizes) - 1
    where = tr("output") if output else tr("hidden layer {layer}").format(layer=layer)
    return "\n".join([tr("neuron {neuron} ({where}, unit {j}, {activation}) · {head}").format(
        neuron=dst_names[j], where=where, j=j, activation=t.layers[k].activation.name, head=head)]
        + neuron_lines(t, layer, j))


def _penalty_note(settings):
    """The penalty in the trace's notation: λ₂ for L2, λ₁ for L1."""
    s = settings
    if s["regulariser"] == "none" or s["reg_rate"] == 0:
        return ""
    symbol = "λ₂" if s["regulariser"] == "l2" else "λ₁"
    return f", {s['regulariser'].upper()} {symbol} = {number(s['reg_rate'], 'g')}"


def readout_html(run, settings: dict, selected, epochs_per_frame: int) -> str:
    """The read-out panel: a line on the data, the losses and the play frame; the selection's numbers."""
    s = settings
    n_train, n_test = run.F_train.shape[0], run.F_test.shape[0]
    loss = tr("binary cross-entropy per point") if run.classification else tr("½(t − o)² per point")
    phrases = [tr("{dataset}: {n_train} training and {n_test} test points").format(
                   dataset=s['dataset'], n_train=n_train, n_test=n_test),
               tr("· train loss {train}, test loss {test}").format(train=number(run.train_loss, '.4f'),
                                                                   test=number(run.test_loss, '.4f')),
               f"({loss})", tr("· {epochs} epoch(s) per play frame").format(epochs=epochs_per_frame)]
    # each phrase in one piece: a narrow view wraps the line between phrases, never inside one
    line = " ".join(f'<span style="white-space:nowrap">{html.escape(p)}</span>' for p in phrases)
    return (f'<div style="font-family:monospace;font-size:12px">{line}</div>'
            f'<pre style="font-size:12px;line-height:1.25;margin:4px 0">'
            f'{html.escape(selection_text(run, settings, selected))}</pre>')


def refusal_html(exc: Exception) -> str:
    """Why a move of the controls was refused, above the read-out."""
    # JupyterLab's error colour for the theme in use (a dark red on Light, a light red on Dark); #a00 elsewhere
    return f'<div style="color:var(--jp-error-color1, #a00)">{html.escape(str(exc))}</div>'


def edge_lines(trace, layer, i, j):
    """The read-out's lines for the weight ``(i, j)`` into ``layer``: its value before the step, then
    its gradient's and its update's lines of ``trace.explain()`` (the trace's records and notation),
    then the change."""
    k = layer - 1
    recs = trace.records(element=Element("edge", layer, (i, j), (trace.names[k][i], trace.names[layer][j])))
    before, after = trace.weights_before[k][i, j], trace.weights_after[k][i, j]
    name = element_name(recs[0].element)
    return ([tr("  {name} = {value} before the step").format(name=name, value=number(before, DIGITS))]
            + [f"  {explain_line(r)}" for r in recs]
            + [f"  Δw = {number(after - before, DIGITS)}"])


def neuron_lines(trace, layer, j):
    """The read-out's lines for neuron ``j`` of ``layer``: its quantities' formulas (the trace's
    records and notation), their values in the first points of the batch, and its incoming weights'
    and bias's gradients and updates."""
    lt = trace.layers[layer - 1]
    recs = trace.records(element=Element("neuron", layer, j, (trace.names[layer][j],)))
    n, shown = lt.z.shape[0], min(lt.z.shape[0], 5)
    first = {}                                  # quantity → its first record (sample 0's)
    for r in recs:
        first.setdefault(r.quantity, r)
    lines = [f"  {formula_line(r)}" for r in first.values()]
    by_sample = {}
    for r in recs:
        by_sample.setdefault(r.sample or 0, {})[r.quantity] = number(r.value, DIGITS)
    extra = (["t"] if layer == len(trace.names) - 1 else []) + (["kept"] if lt.mask is not None else [])
    rows = []
    for s in range(shown):
        data = ([number(trace.y[s, j], DIGITS)] if "t" in extra else []) + \
            ([tr("yes") if lt.mask[s, j] else tr("no")] if "kept" in extra else [])
        values = [by_sample[s][q] for q in first]
        rows.append([str(s + 1)] + values[:-1] + data + values[-1:])    # δ last, after what it uses
    quantities = list(first)
    header = [tr("point")] + quantities[:-1] + [tr("kept") if q == "kept" else q for q in extra] + quantities[-1:]
    lines += _table(header, rows)
    if n > shown:
        lines.append(tr("  … {n} more point(s) in this batch").format(n=n - shown))
    return lines + incoming_lines(trace, layer, j)


def incoming_lines(trace, layer, j):
    """A neuron's incoming weights and bias: before, ∂E/∂w, Δw, after; and the formulas of the first
    weight's (the others' alike) and of the bias's gradient and update, in the trace's notation."""
    k, names = layer - 1, trace.names
    elements = [Element("edge", layer, (i, j), (m, names[layer][j])) for i, m in enumerate(names[k])]
    befores = [trace.weights_before[k][i, j] for i in range(len(names[k]))]
    afters = [trace.weights_after[k][i, j] for i in range(len(names[k]))]
    if trace.biases_before is not None:
        elements.append(Element("bias", layer, j, (names[layer][j],)))
        befores.append(trace.biases_before[k][j])
        afters.append(trace.biases_after[k][j])
    rows, formulas = [], []
    for element, before, after in zip(elements, befores, afters):
        grad, update = trace.records(element=element)
        rows.append([element_name(element), number(before, DIGITS), number(grad.value, DIGITS),
                     number(after - before, DIGITS), number(after, DIGITS)])
        if element.kind == "bias" or element is elements[0]:
            formulas.append(f"  {formula_line(grad)};  {formula_line(update)}"
                            + (tr(" (the other weights alike)") if element.kind == "edge" and len(names[k]) > 1
                               else ""))
    return ([tr("incoming weights (∂E/∂w summed over the batch):")]
            + _table([tr("weight"), "w", "∂E/∂w", "Δw", tr("w after")], rows) + formulas)


def _table(header, rows):
    """Plain-text columns, right-aligned numbers (a wide character, Hangul, takes two columns)."""
    widths = [max(display_width(r[c]) for r in [header] + rows) for c in range(len(header))]

    def cell_text(cell, w, right):
        return " " * (w - display_width(cell)) + cell if right else pad(cell, w)

    def line(cells):
        return "  " + "  ".join(cell_text(cell, w, bool(k)) for k, (cell, w) in enumerate(zip(cells, widths)))
    return [line(header)] + [line(r) for r in rows]
