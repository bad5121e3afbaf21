"""How the package writes a number: real minus signs (U+2212) and no "−0.000".

Every table, trace, figure label and explorer line goes through :func:`number` (or :func:`minus`
for text already formatted), so a student sees the same digits everywhere.
"""
MINUS = "\u2212"


def minus(text: str) -> str:
    """``text`` with every ASCII hyphen-minus written as a real minus sign."""
    return text.replace("-", MINUS)


def number(value, spec: str = "g") -> str:
    """``value`` formatted with the format ``spec`` (e.g. ``".4g"``, ``".3f"``, ``"+.2f"``), with a
    real minus sign; a value that shows as zero shows without a sign ("0.000", never "−0.000").
    A ``str`` passes through (minus signs made real)."""
    if isinstance(value, str):
        return minus(value)
    text = format(float(value), spec)
    if float(text.rstrip("%")) == 0.0:
        text = format(0.0, spec)
    return minus(text)


def display_width(text: str) -> int:
    """How many columns ``text`` takes in a monospaced font: Hangul and other wide characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` columns (:func:`display_width`), like ``str.ljust``."""
    return text + " " * max(0, width - display_width(text))
