"""The records of a step trace written out: as text (:func:`explain`, one line per quantity), as an
HTML table (:func:`html_table`, what a notebook shows for a trace), and the pieces other renderers
share: a phase's heading (:func:`heading`), one record's line (:func:`explain_line`) and its short
label on the network diagram (:func:`value_label`). Everything here reads
:class:`~backproplab.trace_records.Record` fields; the data is :mod:`backproplab.trace`'s.
"""
from __future__ import annotations

import html

from ._plumbing.i18n import tr
from .trace_records import Phase, fmt

__all__ = ["heading", "explain_line", "formula_line", "explain", "html_table", "caption", "value_label"]


def heading(phase, trace, precision=4, style="text") -> str:
    """The heading of ``phase`` (a :class:`~backproplab.trace_records.Phase` or its value) for
    ``trace``: its title, what it adds about the quantities (``style="text"``: "Backward pass:
    δ = ∂E/∂z"; ``style="html"``: "Backward pass (δ = ∂E/∂z)"; the loss as ``trace.loss_symbol``
    writes it), and for the updates the learning rate (and whether the biases were kept fixed)."""
    phase = _phase(phase)
    if style not in ("text", "html"):
        raise ValueError(f"style must be 'text' or 'html', got {style!r}")
    if phase is Phase.UPDATE:
        fixed = tr("; biases kept fixed") if trace.biases_before is not None and not trace.train_bias else ""
        return f"{phase.title} (η = {fmt(trace.lr, precision)}{fixed})"
    detail = phase.detail_for(trace.loss_symbol)
    if not detail:
        return phase.title
    return f"{phase.title}: {detail}" if style == "text" else f"{phase.title} ({detail})"


def _phase(phase):
    try:
        return Phase(phase)
    except ValueError:
        raise ValueError(f"phase must be one of {[p.value for p in Phase]}, got {phase!r}") from None


def formula_line(record) -> str:
    """A record's definition in symbols, without numbers: ``z_D = x_A·w_AD + …``, ``w_AD ← w_AD − η·∂E/∂w_AD``
    (a batch's sample index is left off the name: the formula is every sample's)."""
    update = record.phase == Phase.UPDATE
    if update:
        name = record.name.removesuffix("_new")
    elif record.sample is not None:      # one sample's of a neuron: z_D[2] is z_D of sample 2
        name = f"{record.quantity}_{record.element.names[0]}"
    else:
        name = record.name
    return f"{_shown(name)} {'←' if update else '='} {record.formula}"


def explain_line(record, precision=4) -> str:
    """One record as :meth:`~backproplab.StepTrace.explain` writes it: ``name = formula = numbers = value``
    (``name ← …`` for an update)."""
    update = record.phase == Phase.UPDATE
    name = record.name.removesuffix("_new") if update else record.name
    parts = [record.formula] + ([record.numbers] if record.numbers and record.numbers != record.formula else [])
    return f"{_shown(name)} {'←' if update else '='} " + " = ".join(parts) + f" = {fmt(record.value, precision)}"


def _shown(name):
    """A record's name as a student reads it: the symbols as they are, the one word among them
    (the regularisation ``penalty``) in the package's language."""
    return tr("penalty") if name == "penalty" else name


def explain(trace, records, precision=4) -> str:
    """``records`` of ``trace`` as text, under a heading per phase."""
    lines, phase = [], None
    for r in records:
        if r.phase != phase:
            phase = r.phase
            lines.append(("" if not lines else "\n") + f"# {heading(phase, trace, precision)}")
        lines.append(explain_line(r, precision))
    return "\n".join(lines)


def html_table(trace, records, precision=4) -> str:
    """``records`` of ``trace`` as an HTML table: quantity, formula, numbers, value; a row per phase heading."""
    e = html.escape
    rows, phase = [], None
    for r in records:
        if r.phase != phase:
            phase = r.phase
            rows.append(f'<tr><th colspan="4" style="text-align:left;background:var(--jp-layout-color3, #eef3fb);'
                        f'color:var(--jp-content-font-color1, #1f2328)">'
                        f'{e(heading(phase, trace, precision, style="html"))}</th></tr>')
        name = (tr("{name} (new)").format(name=r.name.removesuffix('_new')) if r.phase == Phase.UPDATE
                else _shown(r.name))
        numbers = r.numbers if r.numbers != r.formula else ""
        rows.append("<tr>" + "".join(
            f'<td style="text-align:left;font-family:monospace">{e(c)}</td>'
            for c in (name, r.formula, numbers)) +
            f'<td style="text-align:right;font-family:monospace"><b>{e(fmt(r.value, precision))}</b></td></tr>')
    quantity, formula, numbers, value = (e(tr("quantity")), e(tr("formula")), e(tr("numbers")), e(tr("value")))
    head = (f'<tr><th style="text-align:left">{quantity}</th><th style="text-align:left">{formula}</th>'
            f'<th style="text-align:left">{numbers}</th><th style="text-align:right">{value}</th></tr>')
    return (f'<table class="backproplab-trace">'
            f'<caption style="text-align:left">{e(caption(trace))}</caption>{head}{"".join(rows)}</table>')


def caption(trace) -> str:
    """The line above a trace's table: ``repr(trace)`` in English, in the package's language otherwise
    (``<StepTrace [3, 2, 1], 1 sample(s), loss 0.09669, lr 0.5>``)."""
    sizes = [len(n) for n in trace.names]
    return tr("<StepTrace {sizes}, {samples} sample(s), loss {loss}, lr {lr}>").format(
        sizes=sizes, samples=trace.X.shape[0], loss=f"{trace.loss:.6g}", lr=f"{trace.lr:g}")


def value_label(record, precision=4) -> str:
    """How a record reads on the network diagram, beside its element: ``z = 0.3``, ``δ = −0.01324``,
    ``∂E/∂w = 0.06223``, ``w ← 0.4``, ``E = 0.09669`` (``E_total = 0.09669`` beside a neuron called E)."""
    arrow = "←" if record.phase == Phase.UPDATE else "="
    return f"{_shown(record.quantity)} {arrow} {fmt(record.value, precision)}"
