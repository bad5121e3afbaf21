"""A student who runs the cells above an exercise must not see its answer printed first.

For every value exercise of every stored lesson: no text output of a code cell above its answer
cell, and no number drawn into a generated picture (``backproplab.publish.images``) that the markdown above
it embeds, shows an answer the checker would accept. "Shows" is decided by the leak detector of the
student-edition test (``answer_forms_found``: the answer rounded to the decimals written, either sign;
for one-digit answers the named quantity stated equal to it), and also by the checker itself: a
number of two or more significant digits that ``check`` accepts (0.3342 for ⅓ is accepted, though it
is not ⅓ rounded). Answers with fewer than two significant digits and no named quantity in
``SHORT_ANSWER_QUANTITY`` are skipped: small integers like 3 or 0.5 are everywhere. Outputs of the
exercise's own check and solution cells, and anything below the answer cell, are allowed.
"""
from __future__ import annotations

import re
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import nbformat
import pytest

from backproplab.publish import images
from backproplab.publish.course import exercise_cells
from backproplab.exercises import exercises
from test_editions import SHORT_ANSWER_QUANTITY, _significant_digits, answer_forms_found, numbers_in

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))
PICTURE = re.compile(r"!\[[^\]]*\]\(\.\./images/([^)\s]+\.png)\)")


def _output_texts(cell):
    for output in cell.get("outputs", []):
        yield "".join(output.get("text", ""))
        for kind, value in output.get("data", {}).items():
            if kind.startswith("text/"):
                yield "".join(value)


_drawn_cache: dict[str, str] = {}


def _drawn_text(name: str) -> str:
    """Every string drawn into the generated picture ``name`` (titles, labels, edge numbers)."""
    if name not in _drawn_cache:
        fig = images.IMAGES[name]()
        _drawn_cache[name] = "\n".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))
        plt.close(fig)
    return _drawn_cache[name]


def shown_forms(text: str, key: str) -> list[str]:
    """The written forms in ``text`` that give exercise ``key``'s answer away (rules: module doc)."""
    ex = exercises()[key]
    answer = float(ex.answer())
    found = answer_forms_found(text, key, answer, own_lesson=True)
    if _significant_digits(f"{abs(answer):.10f}") >= 2:
        found += [form for form, value, _, digits in numbers_in(text)
                  if digits >= 2 and (ex.is_close(value) or ex.is_close(-value)) and form not in found]
    return found


def _cases():
    for path in LESSONS:
        nb = nbformat.read(path, as_version=4)
        for key, answer, _, _ in exercise_cells(nb, path.name):
            if not exercises()[key].is_code:          # a code exercise's answer is a function, not a number
                yield pytest.param(path, key, answer, id=f"{path.stem}-{key}")


@pytest.mark.parametrize("path, key, answer_cell", list(_cases()))
def test_no_answer_above_its_exercise(path, key, answer_cell):
    ex = exercises()[key]
    answer = float(ex.answer())
    if _significant_digits(f"{abs(answer):.10f}") < 2 and key not in SHORT_ANSWER_QUANTITY:
        pytest.skip(f"one-digit answer {answer:g} with no named quantity")
    nb = nbformat.read(path, as_version=4)
    leaks = []
    for index, cell in enumerate(nb.cells[:answer_cell]):
        if cell.cell_type == "code":
            for text in _output_texts(cell):
                leaks += [f"cell {index} prints {form!r}" for form in shown_forms(text, key)]
        else:
            for name in PICTURE.findall(cell.source):
                if name in images.IMAGES:
                    leaks += [f"cell {index} embeds {name}, which draws {form!r}"
                              for form in shown_forms(_drawn_text(name), key)]
    assert not leaks, f"{path.name}: the answer of {key} ({answer:.6g}) is shown above it:\n" + "\n".join(leaks)


def test_the_detector_sees_what_a_student_would_read():
    # the checker accepts 0.3342 for ⅓ although it is not ⅓ rounded: it counts as shown
    assert shown_forms("seed 10: E = 0.3342 at epoch 5000", "E_three_merged") == ["0.3342"]
    assert shown_forms("final losses [0.003, 0.126, 0.251]", "E_three_merged") == []
    assert shown_forms("loss E = 0.5000", "E_constant_half") == ["E = 0.5000"]
    assert shown_forms("δ_D[2] = … = −0.02916", "dropout_delta_D") == ["−0.02916"]
    # lesson 1's Recap picture draws the new w_CE, the answer of w_CE_new: it must stay below the exercise
    assert shown_forms(_drawn_text("network_after.png"), "w_CE_new")
    assert not shown_forms(_drawn_text("network_before.png"), "w_CE_new")


def test_lesson1_recap_picture_is_below_every_exercise():
    path = next(p for p in LESSONS if p.name.startswith("01_"))
    nb = nbformat.read(path, as_version=4)
    embeds = [i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and "network_after.png" in c.source]
    last_answer = max(answer for _, answer, _, _ in exercise_cells(nb, path.name))
    assert embeds and min(embeds) > last_answer


# --------------------------------------------------------------------------- code exercises
# Functions (and classes) a lesson defines above a code exercise that still pass its check (the student could hand one
# in unchanged). Each entry is a defect to fix in the lesson; the test fails when one is fixed and not struck off.
KNOWN_HELPERS_THAT_PASS: set = set()


def _functions_defined(cells):
    """``(name, source)`` of every top-level function and class a list of code cells defines."""
    import ast

    for cell in cells:
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:          # IPython magics: no function there
            continue
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                yield node.name, ast.get_source_segment(cell.source, node)


def _code_cases():
    for path in LESSONS:
        nb = nbformat.read(path, as_version=4)
        for key, answer, _, _ in exercise_cells(nb, path.name):
            if exercises()[key].is_code:
                yield pytest.param(path, key, answer, id=f"{path.stem}-{key}")


@pytest.mark.parametrize("path, key, answer_cell", list(_code_cases()))
def test_no_function_above_a_code_exercise_passes_its_check(path, key, answer_cell):
    import numpy as np
    from backproplab.exercises import check
    from backproplab.graph import Var

    nb = nbformat.read(path, as_version=4)
    above = [c for c in nb.cells[:answer_cell] if c.cell_type == "code"]
    namespace, names = {"np": np, "Var": Var}, []     # Var: a default argument (lesson 7's number=Var)
    for name, source in _functions_defined(above):          # defined together: one may call another
        exec(compile(source, f"<{path.stem} {name}>", "exec"), namespace)
        names.append(name)
    passing = {(path.stem, key, name) for name in names if check(key, namespace[name])}
    known = {k for k in KNOWN_HELPERS_THAT_PASS if k[:2] == (path.stem, key)}
    assert passing == known, (f"{path.name}: functions defined above {key} pass its check: {sorted(passing - known)}"
                              if passing - known else f"fixed, strike off KNOWN_HELPERS_THAT_PASS: {sorted(known - passing)}")
