"""A small table of numbers that shows itself as aligned text and as HTML in Jupyter."""
from __future__ import annotations

import html

import numpy as np

from ._plumbing.format import number

__all__ = ["Table"]


class Table:
    """A small table of numbers that shows itself as aligned text and as HTML in Jupyter.

    ``columns``: header strings; ``rows``: tuples whose first entry is a label (str) and the
    others numbers (or strings, shown as they are); ``formats``: one format spec per column
    after the first (e.g. ``"+.5f"``). Minus signs are written as real minus signs (−).
    """

    def __init__(self, columns, rows, formats, caption=""):
        if len(formats) != len(columns) - 1:
            raise ValueError(f"formats must have {len(columns) - 1} entries (one per number column), "
                             f"got {len(formats)}")
        self.columns, self.rows, self.formats, self.caption = list(columns), [tuple(r) for r in rows], list(formats), caption

    def column(self, name) -> np.ndarray:
        """One column's values as an array (numbers; strings that hold numbers are converted)."""
        if name not in self.columns:
            raise KeyError(f"no column {name!r}; the columns are {self.columns}")
        i = self.columns.index(name)
        return np.array([float(r[i]) for r in self.rows]) if i else np.array([r[0] for r in self.rows])

    def cells(self):
        """Every row as strings, header first."""
        out = [self.columns]
        for row in self.rows:
            cells = [str(row[0])]
            for value, spec in zip(row[1:], self.formats):
                cells.append(number(value, spec))
            out.append(cells)
        return out

    def __repr__(self):
        cells = self.cells()
        widths = [max(len(r[i]) for r in cells) for i in range(len(self.columns))]
        lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
                 for r in cells]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(([self.caption] if self.caption else []) + lines)

    def _repr_html_(self):
        e = html.escape
        head, *body = self.cells()
        th = "".join(f'<th style="text-align:{"left" if i == 0 else "right"}">{e(c)}</th>' for i, c in enumerate(head))
        trs = "".join("<tr>" + "".join(
            f'<td style="text-align:{"left" if i == 0 else "right"};font-family:monospace">{e(c)}</td>'
            for i, c in enumerate(r)) + "</tr>" for r in body)
        cap = f'<caption style="text-align:left">{e(self.caption)}</caption>' if self.caption else ""
        return f'<table class="backproplab-table">{cap}<tr>{th}</tr>{trs}</table>'
