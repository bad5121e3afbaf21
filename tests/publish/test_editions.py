"""Slides, the course source and the student edition (backproplab.publish: slides, course, student;
`make slides`, `make course`, `make student`).

1. Every lesson carries slide metadata (for live RISE slides and the static decks) and nbgrader
   metadata on its solution cells; new lessons must keep these invariants.
2. The student edition is built with nbgrader's preprocessors; no exercise's answer appears in it,
   and every student notebook runs from top to bottom, each checker answering "not yet".
3. The static decks are built; solutions stay off the slides and widgets show their snapshot.

How "an answer appears" is decided (see ``answer_forms_found``): every number written in a student
notebook's markdown or code (and in every exercise's question and hint, which the checker prints) is
read — decimals with either minus sign (ASCII ``-`` or Unicode ``−``), ``1e-3`` forms, fractions
``p/q``, ``\\frac{p}{q}``/``\\tfrac pq`` and ``½ ¼ ⅓ …`` — and compared with each answer:

* a decimal gives an answer away if it is the answer rounded to the decimals it is written with
  (``0.45``, ``0.4502``, ``0.013`` for 0.01324 …), whatever its sign (the checker itself says
  "right size, wrong sign"); a fraction, if it equals the answer;
* only numbers with at least two significant digits count (``0.45``, ``¼``, ``⅓`` do; ``0.5``, ``2``,
  ``0.40`` do not): one-digit numbers are everywhere in a lesson. With three or more significant
  digits a decimal is searched in every student notebook; a fraction, or a decimal with two, only in
  the lesson that asks the exercise, where a reader would take it for the answer (``¼`` in lesson 3
  is a giveaway for an exercise of lesson 3, not for one of lesson 4; nor is ``ε^{1/3}`` in lesson 6);
* answers with fewer than two significant digits (0.5, 2, 3, 0, −2) cannot be searched as bare
  numbers; for them ``SHORT_ANSWER_QUANTITY`` names the quantity, and the lesson that asks must not
  write it equal to the answer (``E \\approx 0.5``, ``∂f/∂x = −2``; not ``E = ½Σ(t − o)²``).
"""
from __future__ import annotations

import ast
import math
import os
import re
import subprocess
import sys
import unicodedata
from fractions import Fraction
from pathlib import Path

import nbformat
import pytest

from backproplab.publish.course import SOLUTION_TAG, exercise_cells
from backproplab.publish.lecture import has_lecture_path, is_speaker_note
from backproplab.publish.mathjax import font_config
from backproplab.publish.slides import SLIDE_TYPES, build_slides
from backproplab.publish.student import CODE_STUB, build_student
from backproplab.exercises import exercises

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
LESSONS = sorted(NOTEBOOKS.glob("*.ipynb"))
CHECK_CALL = re.compile(r'check\("([^"]+)",\s*\w+\)')
SOLUTION_CALL = re.compile(r'solution\("([^"]+)"\)')

# Answers with fewer than two significant digits: how the asking lesson would name the quantity.
SHORT_ANSWER_QUANTITY = {
    "E_constant_half": r"(?<![A-Za-z\\])E",
    "dropout_scale_p05": r"(?:factor|scale|\\frac\{1\}\{1\s*-\s*p\}|1/\(1\s*[-−]\s*p\))",
    "dropout_zero_deltas": r"(?:zeros?|zero error terms|exactly 0)",
    "max_gate_loser_grad": r"(?:\\partial f\s*/\s*\\partial y|∂f/∂y|\\frac\{\\partial f\}\{\\partial y\})",
    "branch_dfdx": r"(?:\\partial f\s*/\s*\\partial x|∂f/∂x|\\frac\{\\partial f\}\{\\partial x\})",
    "delta_bce_sigmoid": r"(?:\\delta|δ)",
    "bce_slow_when": r"(?:[Aa]nswer|[Cc]hoice)",
    "mse_eta": r"(?:η|\\eta)",
    "momentum_flat_step": r"(?:step|\|\\Delta w\||\|Δw\|)",
    "equal_weights_stay_equal": r"(?:statement|answer)",
    "half_sse_doubled_data": r"(?:η|\\eta)",
    "symmetry_breaker": r"(?:statement|answer|change)",
}


def _lesson(path):
    return nbformat.read(path, as_version=4)


def _is_solution(cell):
    return SOLUTION_TAG in cell.metadata.get("tags", [])


# --------------------------------------------------------------------------- 1. metadata invariants
@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_every_cell_has_a_slide_type(path):
    nb = _lesson(path)
    for index, cell in enumerate(nb.cells):
        kind = cell.metadata.get("slideshow", {}).get("slide_type")
        assert kind in SLIDE_TYPES, f"{path.name} cell {index}: slide_type {kind!r}\n{cell.source[:120]}"
    assert nb.cells[0].metadata.slideshow.slide_type == "slide"
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and re.match(r"#{1,2} ", cell.source):
            assert cell.metadata.slideshow.slide_type == "slide", f"{path.name} cell {index}: a section starts a slide"
        if cell.cell_type == "markdown" and re.search(r"^#{1,3} ", "\n".join(cell.source.splitlines()[1:]), re.M):
            pytest.fail(f"{path.name} cell {index}: a heading inside a cell; start a new cell (and slide) there")


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_rise_settings(path):
    rise = _lesson(path).metadata.get("rise")
    assert isinstance(rise, dict) and {"theme", "transition", "scroll"} <= set(rise), rise


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_exercises_are_answer_check_and_hidden_solution_cells(path):
    nb = _lesson(path)
    found = exercise_cells(nb, path.name)        # raises if the three cells are not in order
    asked = [m for cell in nb.cells for m in CHECK_CALL.findall(cell.source)]
    assert [key for key, *_ in found] == asked, "every check call is an exercise's check cell"
    for key, answer, check, sol in found:
        if exercises()[key].is_code:          # the check passes the function the answer cell defines
            defined = re.search(r"^(?:def|class) (\w+)\b", nb.cells[answer].source, re.M)
            assert defined, f"{key}: a code exercise's answer cell defines the student's function"
            assert nb.cells[check].source.strip() == f'check("{key}", {defined[1]})'
        else:
            assert nb.cells[check].source.strip() == f'check("{key}", answer)'
        assert "None" in nb.cells[answer].source and "← your" in nb.cells[answer].source
        cell = nb.cells[sol]
        assert cell.source.strip() == f'solution("{key}")'
        assert cell.metadata["jupyter"] == {"source_hidden": True, "outputs_hidden": True}
        assert cell.metadata.slideshow.slide_type in {"skip", "notes"}
    for index, cell in enumerate(nb.cells):
        # nbgrader metadata and solution markers are made by `build course`, never kept in a lesson
        assert "nbgrader" not in cell.metadata and "BEGIN SOLUTION" not in cell.source, f"{path.name} cell {index}"
        if not _is_solution(cell):
            assert not SOLUTION_CALL.search(cell.source), f"{path.name} cell {index}: solution() outside a solution cell"


def test_exercise_cells_refuses_a_broken_exercise():
    nb = _lesson(LESSONS[0])
    key, answer, check, sol = exercise_cells(nb)[0]
    nb.cells[answer], nb.cells[check] = nb.cells[check], nb.cells[answer]
    with pytest.raises(ValueError, match=f"the check cell of '{key}' must follow its answer"):
        exercise_cells(nb, "lesson")
    nb = _lesson(LESSONS[0])
    nb.cells[answer].metadata["backproplab"]["exercise"] = "no_such_exercise"
    with pytest.raises(ValueError, match="'no_such_exercise' is not registered"):
        exercise_cells(nb, "lesson")


# --------------------------------------------------------------------------- 2. the student edition
@pytest.fixture(scope="module")
def student(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    written = build_student(NOTEBOOKS, out)
    assert [p.name for p in written] == [p.name for p in LESSONS]
    return {p.name: p for p in written}


def _significant_digits(text: str) -> int:
    """Digits from the first to the last non-zero one: '0.4502' → 4, '0.013' → 2, '0.40' → 1."""
    digits = re.sub(r"\D", "", text.split("e")[0].split("E")[0]).strip("0")
    return len(digits)


_DECIMAL = re.compile(r"(?<![\w.])[-−]?(\d+(?:\.\d+)?|\.\d+)(?:[eE]([-+−]?\d+))?(?![\w])(?!\.\d)")
_FRACTION = re.compile(r"(?<![\w.])(\d+)\s*/\s*(\d+)(?![\w.])|\\[dt]?frac\s*\{?\s*(\d+)\s*\}?\s*\{?\s*(\d+)\s*\}?")
_VULGAR = re.compile(r"[½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞]")


def numbers_in(text: str):
    """(written form, value ≥ 0, decimals written or None for an exact fraction, significant digits)."""
    for m in _DECIMAL.finditer(text):
        mantissa, exponent = m.group(1), int((m.group(2) or "0").replace("−", "-"))
        decimals = (len(mantissa.split(".")[1]) if "." in mantissa else 0) - exponent
        yield m.group(0), float(mantissa) * 10.0 ** exponent, decimals, _significant_digits(mantissa)
    for m in _FRACTION.finditer(text):
        p, q = (int(g) for g in (m.group(1, 2) if m.group(1) else m.group(3, 4)))
        if q > 1:
            value = p / q
            yield m.group(0), value, None, _significant_digits(f"{value:.10f}")
    for m in _VULGAR.finditer(text):
        value = unicodedata.numeric(m.group(0))
        yield m.group(0), value, None, _significant_digits(f"{value:.10f}")


def _gives_away(value, decimals, answer) -> bool:
    if decimals is None:
        return math.isclose(value, abs(answer), rel_tol=1e-9, abs_tol=1e-12)
    return abs(value - abs(answer)) <= 0.5 * 10.0 ** -decimals + 1e-12


def _short_answer_forms(answer: float) -> str:
    """A regex for a one-digit answer written as a number: 0.5, .5, ½, \\tfrac12, 1/2, −2, 2.0 …"""
    frac = Fraction(answer).limit_denominator(10)
    sign = "[-−]\\s*" if answer < 0 else "(?<![-−])"
    forms = [rf"0*{re.escape(f'{abs(answer):g}')}(?:\.0+)?(?![\d.])" if abs(answer) >= 1 or answer == 0
             else rf"0?\.{re.escape(f'{abs(answer):g}'.split('.')[1])}0*(?!\d)"]
    if frac.denominator > 1:
        p, q = abs(frac.numerator), frac.denominator
        forms += [rf"\\[dt]?frac\s*\{{?{p}\}}?\s*\{{?{q}\}}?", rf"{p}\s*/\s*{q}(?!\d)"]
        forms += [ch for ch in "½⅓⅔¼¾" if math.isclose(unicodedata.numeric(ch), abs(answer))]
    # …and the number must be the whole value, not the start of an expression (E = ½Σ(t − o)²)
    return sign + "(?:" + "|".join(forms) + r")(?![\\(\[{A-Za-z0-9Σ·×*/^_])(?!\s*[\\(·×*/^+\-−Σ])"


def answer_forms_found(text: str, key: str, answer: float, own_lesson: bool) -> list[str]:
    """The written forms in ``text`` that give away exercise ``key``'s ``answer`` (rules: module doc)."""
    answer = float(answer)
    if _significant_digits(f"{abs(answer):.10f}") < 2:
        if not own_lesson or key not in SHORT_ANSWER_QUANTITY:
            return []
        stated = re.compile(rf"{SHORT_ANSWER_QUANTITY[key]}\$?\s*(?:=|≈|\\approx|is)\s*\$?\s*{_short_answer_forms(answer)}")
        return [m.group(0) for m in stated.finditer(text)]
    found = []
    for form, value, decimals, digits in numbers_in(text):
        everywhere = digits >= 3 and decimals is not None        # fractions: only in the asking lesson
        if everywhere or (digits >= 2 and own_lesson):
            if _gives_away(value, decimals, answer):
                found.append(form)
    return found


def test_the_leak_detector_finds_the_forms_a_reader_recognises():
    find = lambda text, answer, own=True: answer_forms_found(text, "k", answer, own)   # noqa: E731
    assert find("o_E ≈ 0.45, then 0.4502·0.1 and $-0.4502$", 0.450166) == ["0.45", "0.4502", "-0.4502"]
    assert find("Err_D ≈ 0.013 (so δ_D = −0.01324)", 0.0132422) == ["0.013", "−0.01324"]
    assert find("w = -0.40134 or −0.401", -0.40134) == ["-0.40134", "−0.401"]
    assert find(r"the peak is $\tfrac14$, or ¼, or 1/4", 0.25) == [r"\tfrac14", "1/4", "¼"]
    assert find(r"the slope 0.25 and $\tfrac14$ appear in another lesson", 0.25, own=False) == []
    assert find("n = 32 weights; float32; 3.2", 32) == ["32"]
    assert find("E = 2.5e-4 and 0.00025 but not 0.0003", 0.000249938) == ["2.5e-4", "0.00025"]
    # not a giveaway: other numbers, other roundings, too short, or part of a name
    assert find("z = 0.4, x_1, w_{45}, 0.46, 0.4, 0.5, 45", 0.450166) == []
    assert find("(1.0, 1.0) → 0.40 and −0.4", -0.40134) == []
    # one-digit answers: only the named quantity stated equal to the value, in the asking lesson
    short = lambda text, key, answer: answer_forms_found(text, key, answer, True)   # noqa: E731
    assert short(r"a plateau near $E \approx 0.5$; σ(0) = 0.5", "E_constant_half", 0.5) == [r"E \approx 0.5"]
    assert short(r"and $E = \tfrac12$ for ever, E = 0.5 for ever", "E_constant_half", 0.5) == [
        r"E = \tfrac12", "E = 0.5"]
    assert short(r"the loss $E = \tfrac12\sum(t - o)^2$, E = ½Σ(t − o)², E = 0.5 · 4", "E_constant_half", 0.5) == []
    assert short("so ∂f/∂x = −2 here, but ∂f/∂x = 2x + y", "branch_dfdx", -2.0) == ["∂f/∂x = −2"]
    assert short("∂f/∂x = -4", "branch_dfdx", -2.0) == []
    assert answer_forms_found(r"$E \approx 0.5$", "E_constant_half", 0.5, own_lesson=False) == []


def _text(nb) -> str:
    """What a student reads in a notebook: every cell's source, and any output left over."""
    parts = []
    for cell in nb.cells:
        parts.append(cell.source)
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            parts.extend(str(v) for k, v in output.get("data", {}).items() if k.startswith("text/"))
    return "\n".join(parts)


def test_student_edition_clears_solutions_and_outputs_and_keeps_the_checks(student):
    for name, path in student.items():
        nb = nbformat.read(path, as_version=4)
        lesson = _lesson(NOTEBOOKS / name)
        kept = [c for c in lesson.cells if not _is_solution(c) and not is_speaker_note(c)]   # solutions, notes left out
        assert len(nb.cells) == len(kept)
        assert "widgets" not in nb.metadata and "rise" in nb.metadata
        for cell, original in zip(nb.cells, kept):
            assert cell.metadata.get("slideshow") == original.metadata.get("slideshow")
            part = original.metadata.get("backproplab", {}).get("part")
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None and "execution" not in cell.metadata
            if part == "answer":
                assert cell.source == f"{original.source.rstrip()}\n{CODE_STUB}"
                assert cell.metadata["nbgrader"]["solution"] is True
            elif part == "check":
                assert cell.source == original.source
                meta = cell.metadata["nbgrader"]
                assert meta["grade"] is True and meta["locked"] is True
                assert meta["points"] == exercises()[CHECK_CALL.search(cell.source)[1]].points
            else:
                assert "BEGIN SOLUTION" not in cell.source and not SOLUTION_CALL.search(cell.source)
                assert "nbgrader" not in cell.metadata
                if cell.cell_type == "code":
                    assert cell.source == original.source
        asked = [k for cell in nb.cells for k in CHECK_CALL.findall(cell.source)]
        assert asked == [k for cell in lesson.cells for k in CHECK_CALL.findall(cell.source)]
        for cell in nb.cells:
            assert "../" not in cell.source, "markdown pictures travel as attachments"


# A sentence that points at a worked solution "below" is false where the solutions are left out.
POINTS_AT_SOLUTION = re.compile(r"(?i)solution[^.]{0,40}\b(is|are|follows?)\b[^.]{0,20}\b(below|in the collapsed)|"
                                r"(?<!a )collapsed cell below")


def test_the_student_edition_promises_no_solution_cell(student):
    """The lessons say where the worked solutions are in a way that is true in both editions."""
    assert POINTS_AT_SOLUTION.search("The worked solution is in the collapsed cell below it.")
    assert POINTS_AT_SOLUTION.search("The solution is in the collapsed cell below each exercise.")
    for name, path in student.items():
        text = _text(nbformat.read(path, as_version=4))
        found = POINTS_AT_SOLUTION.search(text)
        assert not found, f"{name}: {text[max(0, found.start() - 80):found.end() + 40]!r}"


def test_no_answer_appears_in_the_student_edition(student):
    everything = exercises()
    texts = {name: _text(nbformat.read(path, as_version=4)) for name, path in student.items()}
    lesson_of = {key: name for name, text in texts.items() for key in CHECK_CALL.findall(text)}
    assert set(lesson_of) == set(everything), "every registered exercise is asked in a lesson"
    everything = {k: ex for k, ex in everything.items() if not ex.is_code}   # a function is not a number
    short = [k for k, ex in everything.items() if _significant_digits(f"{abs(float(ex.answer())):.10f}") < 2]
    assert set(short) <= set(SHORT_ANSWER_QUANTITY), (
        f"one-digit answers {sorted(set(short) - set(SHORT_ANSWER_QUANTITY))}: name their quantity in "
        "SHORT_ANSWER_QUANTITY so the test can tell whether the lesson states them")
    for key, ex in everything.items():          # what the checker prints when the exercise cell runs
        texts[lesson_of[key]] += f"\n{ex.question}\n{ex.hint}"
    leaks = []
    for key, ex in everything.items():
        answer = float(ex.answer())
        for name, text in texts.items():
            for form in answer_forms_found(text, key, answer, own_lesson=(name == lesson_of[key])):
                leaks.append(f"{key} = {answer:.6g} appears as {form!r} in {name}")
    assert not leaks, "\n".join(leaks)


# What nbval cannot see. nbval runs every lesson as it is stored, with the reference answers; a student's
# Run All differs only in the answer cells (a stub: ``answer = None`` or a function that returns None)
# and in the cells left out (solutions, speaker notes). So instead of running every student notebook
# again (several minutes), these tests check that difference: nothing after an exercise reads what the
# student's cell or a left-out cell defines (so it runs whatever the student wrote), and every check
# cell, run on the stub, says "not yet". One student notebook is still run end to end as a smoke test.
def _names(source: str, ctx) -> set[str]:
    tree = ast.parse(source)
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ctx)}
    if ctx is ast.Store:
        names |= {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    return names


def _code_source(cell) -> str:
    return "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!")))


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_nothing_after_an_exercise_reads_the_students_answer_or_a_left_out_cell(path):
    nb = _lesson(path)
    own = {}                                    # name → the exercise cell (answer or solution) defining it
    for key, answer, check, sol in exercise_cells(nb, path.name):
        for index in (answer, sol):
            for name in _names(_code_source(nb.cells[index]), ast.Store):
                own.setdefault(name, (key, index))
    exercise_parts = {i for key, *cells in exercise_cells(nb, path.name) for i in cells}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or index in exercise_parts:
            continue
        read = _names(_code_source(cell), ast.Load) - _names(_code_source(cell), ast.Store)
        later = {name: own[name] for name in read if name in own and own[name][1] < index}
        assert not later, f"{path.name} cell {index} reads {later}: a student's Run All gives it their answer"


def test_the_planted_read_is_found():
    assert _names("y = answer + 1", ast.Load) - _names("y = answer + 1", ast.Store) == {"answer"}
    assert "sigma_prime" in _names("def sigma_prime(o):\n    return None", ast.Store)


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_every_check_says_not_yet_on_the_student_stub(student, path):
    nb = nbformat.read(student[path.name], as_version=4)
    from backproplab.exercises import check
    asked = 0
    for index, cell in enumerate(nb.cells):
        if not cell.metadata.get("nbgrader", {}).get("solution"):
            continue
        namespace = {}
        exec(compile(cell.source, f"{path.name} cell {index}", "exec"), namespace)    # the stub as handed out
        check_cell = nb.cells[index + 1]
        key, name = re.search(r'check\("([^"]+)",\s*(\w+)\)', check_cell.source).groups()
        shown = repr(check(key, namespace[name]))
        assert "✘ not yet" in shown and ("no answer yet" in shown or "returned None" in shown), (key, shown)
        asked += 1
    assert asked == len(CHECK_CALL.findall(_text(nb)))


def test_a_student_notebook_runs_top_to_bottom(student, tmp_path):
    """The smoke test: lesson 1 as handed out, run by nbconvert's executor (nbclient)."""
    name = LESSONS[0].name
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}      # small matrices: one BLAS thread is fastest
    run = subprocess.run([sys.executable, "-m", "nbconvert", "--to", "notebook", "--execute", "--output-dir",
                          str(tmp_path), "--ExecutePreprocessor.timeout=300", "--ExecutePreprocessor.kernel_name=python3",
                          str(student[name])], env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    nb = nbformat.read(tmp_path / name, as_version=4)
    checks = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.outputs:
            assert output.output_type != "error"
            assert output.get("name") != "stderr", "".join(output.get("text", ""))
        if CHECK_CALL.search(cell.source):
            shown = "".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs)
            assert "✘ not yet" in shown and ("no answer yet" in shown or "returned None" in shown), shown
            checks += 1
    assert checks >= 3


# --------------------------------------------------------------------------- 3. the static slides
def test_slides_show_snapshots_and_no_solutions(tmp_path):
    written = build_slides(NOTEBOOKS, tmp_path / "slides")
    decks = [f"{p.stem}{kind}.slides.html" for p in LESSONS
             for kind in (("", ".lecture") if has_lecture_path(_lesson(p)) else ("",))]
    assert [p.name for p in written] == decks
    written = [p for p in written if not p.name.endswith(".lecture.slides.html")]   # the full decks
    for path, lesson in zip(written, LESSONS):
        html = path.read_text(encoding="utf-8")
        nb = _lesson(lesson)
        kinds = [c.metadata.slideshow.slide_type for c in nb.cells]
        assert html.count('<section') >= kinds.count("slide") + kinds.count("subslide")
        assert "Show the solution" not in html and "BEGIN SOLUTION" not in html
        assert "application/vnd.jupyter.widget-view+json" not in html     # snapshots, no widget script
        widgets = sum("application/vnd.jupyter.widget-view+json" in o.get("data", {})
                      for c in nb.cells if c.cell_type == "code" for o in c.outputs)
        figures = sum("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code"
                      and c.metadata.slideshow.slide_type not in {"skip", "notes"} for o in c.outputs)
        assert html.count("data:image/png;base64") >= figures >= widgets
        assert "../images/" not in html                                    # pictures are embedded
        assert 'transition: "none"' in html
        assert html.count(font_config(linebreaks=True)) == 1          # for a local MathJax copy (--mathjax-url)


def test_build_commands_write_into_a_new_folder(tmp_path):
    from backproplab.publish.cli import main

    assert main(["student", "--out", str(tmp_path / "a" / "student")]) == 0
    assert sorted(p.name for p in (tmp_path / "a" / "student").iterdir()) == [p.name for p in LESSONS]
    with pytest.raises(ValueError, match="notebooks_dir"):
        build_student(tmp_path / "missing", tmp_path / "out")
