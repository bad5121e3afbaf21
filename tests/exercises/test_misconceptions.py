"""The checker names the classic mistakes: the catalogue, the registered variants of every exercise,
tolerances that tell an idea from a rounding, hints in tiers, and the student's progress file."""
import json
import multiprocessing
import os
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from backproplab.exercises import check, exercises, misconceptions, register
from backproplab.exercises import progress, registry

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = {"sign-flipped", "sigma-prime-missing", "sigma-prime-wrong-quantity", "weights-not-transposed",
            "updated-weights-in-delta", "input-output-swapped", "bias-gradient-missing", "mean-vs-sum",
            "dropout-mask-missing", "dropout-scale-missing", "assign-instead-of-accumulate",
            "gradients-not-zeroed", "not-topological-order", "softmax-derivative-twice", "momentum-sign-or-order"}


@pytest.fixture(autouse=True)
def fresh_tries(monkeypatch):
    """Each test starts with no wrong tries counted, outside nbgrader, in a folder with no progress file."""
    monkeypatch.setattr(registry, "_TRIES", {})
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)


def _headings(lesson: int) -> list[str]:
    path = next((ROOT / "notebooks").glob(f"{lesson:02d}_*.ipynb"))
    nb = nbformat.read(path, as_version=4)
    return [line.lstrip("#").strip() for cell in nb.cells if cell.cell_type == "markdown"
            for line in cell.source.splitlines() if line.startswith("#")]


def test_the_catalogue_has_every_classic_mistake_with_a_sentence_and_a_real_section():
    catalogue = misconceptions()
    assert REQUIRED <= set(catalogue)
    for key, m in catalogue.items():
        assert m.key == key and re.fullmatch(r"[a-z]+(-[a-z]+)+", key), key
        assert m.why.endswith(".") and m.why.count(". ") == 0, f"{key}: one sentence"
        lesson, section = re.match(r"lesson (\d+), (?:section (\w+)|the side box)", m.reread).groups()
        if section is not None:         # "section 3a" is a heading "3a. …" of that lesson
            assert any(h.startswith(f"{section}.") for h in _headings(int(lesson))), f"{key}: {m.reread}"
    assert misconceptions() is not misconceptions()           # a copy: nobody edits the catalogue


def test_register_refuses_an_unknown_mistake_and_a_code_mistake_without_probes():
    with pytest.raises(ValueError, match="'sign-flip' is not a misconception; the catalogue has sign-flipped"):
        register("tmp_unknown", "q", 1.0, "h", "s", mistakes={"sign-flip": -1.0})
    with pytest.raises(TypeError, match="needs probes"):
        register("tmp_probes", "q", None, "h", "s", test=lambda f: (True, ""), reference="def f(x):\n    return x",
                 mistakes={"sign-flipped": "def f(x):\n    return -x"})
    with pytest.raises(ValueError, match="decimals must be an int from 0 to 12, got 2.5"):
        register("tmp_decimals", "q", 1.0, "h", "s", decimals=2.5)
    assert not {"tmp_unknown", "tmp_probes", "tmp_decimals"} & set(exercises())


def _value_exercises_with_mistakes():
    return [pytest.param(key, id=key) for key, ex in exercises().items() if not ex.is_code and ex.wrong]


@pytest.mark.parametrize("key", _value_exercises_with_mistakes())
def test_a_value_exercise_accepts_the_lessons_rounding_and_names_every_registered_mistake(key):
    ex = exercises()[key]
    true = float(ex.answer())
    decimals = ex.decimals if ex.decimals is not None else 3
    assert check(key, round(true, decimals)), f"{key}: the reference rounded to {decimals} decimals"
    assert check(key, true)
    for name, (forms, _) in ex.variants.items():
        for wrong in forms:
            feedback = check(key, wrong)
            assert not feedback and feedback.misconception == name and f"«{name}»" in repr(feedback), (key, name)
            # typed to the lesson's rounding, a mistake is rejected whenever that rounding tells it apart
            if round(wrong, decimals) != round(true, decimals):
                assert not check(key, round(wrong, decimals)), (key, name)


def test_the_precision_typed_tells_lesson_1s_slips_from_the_answer():
    # w_CE_new: at three decimals all three read −0.401; from four on the slips are named
    assert check("w_CE_new", -0.401) and check("w_CE_new", -0.4013) and check("w_CE_new", -0.4014)
    assert check("w_CE_new", -0.4006).misconception == "input-output-swapped"         # o_E for x_C
    assert check("w_CE_new", -0.40101).misconception == "updated-weights-in-delta"    # the new w_EF in δ_E
    # o_F_after: the two decimals the lesson asks for are enough, and "only the output layer" is named at three
    assert check("o_F_after", 0.43) and check("o_F_after", 0.432)
    assert check("o_F_after", 0.433).misconception == "not-every-weight-updated"
    assert check("o_F_after", 0.43265).misconception == "not-every-weight-updated"
    assert not check("o_F_after", 0.44)


@pytest.mark.parametrize("value, decimals", [(0.43, 2), (-0.40101, 5), (1e-05, 5), (2.0, 0), (1.5e20, 0),
                                             (0.1 + 0.2, 17)])
def test_typed_decimals_are_those_of_the_shortest_repr(value, decimals):
    assert registry._typed_decimals(value) == decimals


def _code_exercises():
    return [pytest.param(key, id=key) for key, ex in exercises().items() if ex.is_code]


def test_every_lesson_has_code_exercises_to_check():
    assert len(_code_exercises()) >= 10


@pytest.mark.parametrize("key", _code_exercises())
def test_a_code_exercise_passes_its_reference_and_names_each_buggy_implementation(key):
    # every code exercise, not only those that register mistakes: issue 33 asks for three named bugs in each
    ex = exercises()[key]
    assert check(key, ex.reference_answer())
    assert len(ex.wrong) >= 3, f"{key}: at least three catalogued bugs"
    for name, (forms, _) in ex.variants.items():
        for buggy in forms:
            feedback = check(key, buggy)
            assert not feedback and feedback.misconception == name, (key, name, repr(feedback))


def test_a_transposition_slip_that_raises_on_the_lesson_is_still_named():
    feedback = check("delta_hidden_code", lambda o, w_out, delta_out: o * (1 - o) * (delta_out @ w_out))
    assert feedback.misconception == "weights-not-transposed" and "Reread lesson 1, section 3b" in repr(feedback)


def test_hints_come_in_tiers_and_no_answer_is_not_a_try(monkeypatch):
    ex = register("tmp_tiers", "q", 0.25, hint="the formula", solution="s", nudge="where to look")
    try:
        assert "Hint: where to look" in repr(check("tmp_tiers", None))
        assert "Hint: where to look" in repr(check("tmp_tiers", None))           # still no try
        first, second, third = (repr(check("tmp_tiers", 0.9)) for _ in range(3))
        assert "Hint: where to look" in first and "the formula" not in first
        assert "Hint: the formula" in second and "solution(" not in second
        assert "Hint: the formula" in third and "solution('tmp_tiers') shows the worked solution" in third
        assert ex.nudge == "where to look"
    finally:
        registry._REGISTRY.pop("tmp_tiers")


def test_a_stub_that_returns_none_is_no_try_and_no_progress(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = progress.start(tmp_path)
    stub = lambda o, w_out, delta_out: None
    ex = exercises()["delta_hidden_code"]
    for _ in range(3):                       # Run All, again and again, with the function as handed out
        feedback = check("delta_hidden_code", stub)
        assert not feedback and not feedback.answered and f"Hint: {ex.nudge}" in repr(feedback)
    assert registry._TRIES.get("delta_hidden_code", 0) == 0 and progress.load(path) == {}
    wrong = repr(check("delta_hidden_code", lambda o, w_out, delta_out: 2 * o * (1 - o) * (delta_out @ w_out.T)))
    assert f"Hint: {ex.nudge}" in wrong                              # the first real try still gets the nudge
    assert progress.load(path) == {"delta_hidden_code": {"tried": True, "right": False}}


def test_a_mistake_registered_in_several_forms_is_named_in_each():
    ex = register("tmp_forms", "q", None, "h", "s", test=lambda f: (bool(f(1.0) == 1.0), "not it."),
                  reference="def f(x):\n    return x", probes=lambda: [(2.0,), (3.0,)],
                  mistakes={"sign-flipped": ["def f(x):\n    return -x", "def f(x):\n    return -x + 0 * x"],
                            "sigma-prime-missing": "def f(x):\n    return 2 * x",
                            "mean-vs-sum": ["def f(x):\n    return x / 2", "def f(x):\n    return x / 3"]})
    try:
        assert [len(forms) for forms, _ in ex.variants.values()] == [2, 1, 2]
        assert check("tmp_forms", lambda x: x / 3).misconception == "mean-vs-sum"
        assert check("tmp_forms", lambda x: -x).misconception == "sign-flipped"
    finally:
        registry._REGISTRY.pop("tmp_forms")


def test_right_to_fewer_decimals_than_asked_says_so():
    ex = exercises()["delta_D"]                              # asks for three decimals (section 5's rounding)
    assert ex.decimals == 3
    feedback = check("delta_D", -0.01)                      # −0.013 to two decimals
    assert not feedback and "right to 2 decimals; the question asks for 3" in repr(feedback)


def test_under_nbgrader_a_named_mistake_fails_the_cell_with_its_name(monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    with pytest.raises(AssertionError, match="«updated-weights-in-delta».*Reread lesson 1, section 3b"):
        check("w_CE_new", -0.40101)
    with pytest.raises(AssertionError, match="weights-not-transposed"):
        check("delta_hidden_code", lambda o, w_out, delta_out: o * (1 - o) * (delta_out @ w_out))


# --------------------------------------------------------------------------- the progress file
def test_progress_is_recorded_only_where_a_progress_file_was_started(tmp_path, monkeypatch):
    lesson_dir = tmp_path / "lessons"
    lesson_dir.mkdir()
    monkeypatch.chdir(lesson_dir)
    check("o_E", 0.45)
    assert progress.find() is None and not list(tmp_path.rglob(progress.FILE_NAME))   # nothing started: nothing written
    path = progress.start(tmp_path)
    check("o_E", None)                                       # not a try
    assert progress.load(path) == {}
    check("o_E", 0.9)
    assert progress.load(path) == {"o_E": {"tried": True, "right": False}}
    check("o_E", 0.45)
    check("o_E", 0.9)                                        # right once stays right
    assert progress.load(path) == {"o_E": {"tried": True, "right": True}}
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    with pytest.raises(AssertionError):
        check("delta_D", 0.5)
    assert "delta_D" not in progress.load(path)              # never under nbgrader


def test_the_tracked_lessons_record_nothing():
    assert progress.find(ROOT / "notebooks") is None


@pytest.mark.parametrize("content", [b"[1, 2]", b"{not json", b"\xff\xfe", b'{"o_E": 3}', b" " * (progress.MAX_BYTES + 1)])
def test_a_hostile_progress_file_reads_as_no_progress_and_is_then_rewritten(tmp_path, content):
    path = tmp_path / progress.FILE_NAME
    path.write_bytes(content)
    assert progress.load(path) == {}
    assert progress.record("o_E", True, start_dir=tmp_path)
    assert json.loads(path.read_text()) == {"o_E": {"right": True, "tried": True}}


def test_a_special_file_is_never_read(tmp_path):
    fifo = tmp_path / progress.FILE_NAME
    os.mkfifo(fifo)
    assert progress.load(fifo) == {}                          # returns at once: the pipe is not opened
    assert progress.find(tmp_path) is None                   # not a regular file, so not a progress file


def _record_many(folder, prefix, n):
    for i in range(n):
        progress.record(f"{prefix}{i}", i % 2 == 0, start_dir=folder)


def test_two_kernels_recording_at_once_lose_nothing(tmp_path):
    path = progress.start(tmp_path)
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_record_many, args=(tmp_path, prefix, 40)) for prefix in ("a", "b")]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
        assert w.exitcode == 0
    data = progress.load(path)
    assert len(data) == 80 and data["a0"] == {"tried": True, "right": True} and data["b1"]["right"] is False
    assert not list(tmp_path.glob("*.tmp"))
