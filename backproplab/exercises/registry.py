"""The exercise registry: what an exercise is, how a student's answer is checked, how its solution shows.

Each lesson folder's ``exercises.py`` (``backproplab/lessons/lesson01/exercises.py`` …) imports
:func:`register` from here and registers its exercises on import; :func:`discover` imports them all. Registering computes nothing: an answer, and any question, hint or solution
that quotes computed numbers, is a function run on first use (and kept), so importing the
exercises is cheap and only the exercises a lesson checks are ever computed.

A code exercise's ``test`` runs the student's function and returns ``(passed, message)``; it reads
what the function returned with :func:`returned`, which raises :class:`NotYet` (the message the
student reads) for the mistakes every code exercise shares: no ``return``, the wrong shape.

Everything the checker writes follows the package's language (:func:`~backproplab._plumbing.i18n.tr`, domain
``exercises``). A lesson's fixed texts (a ``str`` question, hint, nudge or solution, a mistake's section to
reread or its own sentence) are translated where they are shown, so the lesson marks them with ``mark``; a text
computed by a function translates itself (``tr`` inside it). Texts are kept per language once computed.
"""
from __future__ import annotations

import functools
import html
import importlib
import importlib.util
import math
import numbers
import os
import re
from dataclasses import dataclass, field
from typing import Callable, Union

import numpy as np

from .._plumbing.i18n import get_language, tr, tr_n

__all__ = ["check", "solution", "register", "exercises", "discover", "passed", "Exercise", "Feedback", "NotYet",
           "returned"]

Text = Union[str, Callable[[], str]]     # a text, or a function that computes it on first use

_REGISTRY: dict[str, "Exercise"] = {}


def _text(text: Text) -> str:
    """The text in the current language: a function's result (which translates itself), or a fixed text
    (marked with ``mark`` where it is written) translated here."""
    if callable(text):
        return text()
    return tr(text) if text else text


class _per_language:
    """Like :func:`functools.cached_property`, but kept per language: a text computed on first use in one
    language is computed again (once) when read in another, so switching languages never mixes them.
    The texts are kept in the instance's ``__dict__`` under the property's name, ``{language: text}``."""

    def __init__(self, method):
        self.method, self.name = method, method.__name__
        self.__doc__ = method.__doc__

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        cache = obj.__dict__.setdefault(self.name, {})
        lang = get_language()
        if lang not in cache:
            cache[lang] = self.method(obj)
        return cache[lang]

    def __set__(self, obj, value):      # a data descriptor, so the kept texts never shadow it
        raise AttributeError(f"{self.name} is computed from the exercise's text")


@dataclass(frozen=True)
class Exercise:
    """One exercise. ``answer``: the true value, computed on first use (``None`` for a code exercise);
    ``question``, ``hint``, ``solution`` (the worked solution, plain text / unicode maths): text,
    computed on first use when it quotes computed numbers; ``test``: for a code exercise, a function
    that runs the student's function and returns ``(passed, message)``; ``reference``: the
    instructor's solution as code for the answer cell (by default ``answer = <the true value>``);
    ``points``: what the graded check cell is worth."""
    key: str
    question_text: Text = field(repr=False)
    answer: Callable[[], float] | None
    hint_text: Text = field(repr=False)
    solution_text: Text = field(repr=False)
    abs_tol: float = 5e-4
    rel_tol: float = 5e-3
    points: int = 1
    test: Callable[[Callable], tuple[bool, str]] | None = None
    reference: str | None = None
    nudge_text: Text | None = field(default=None, repr=False)
    mistakes: Callable[[], dict] = field(default=dict, repr=False)
    probes: Callable[[], list] | None = field(default=None, repr=False)
    decimals: int | None = None
    run: Callable | None = None

    @_per_language
    def question(self) -> str:
        return _text(self.question_text)

    @_per_language
    def hint(self) -> str:
        return _text(self.hint_text)

    @_per_language
    def solution(self) -> str:
        return _text(self.solution_text)

    @_per_language
    def nudge(self) -> str:
        """The first-try hint: where to look, never the answer or the formula that yields it (the
        exercise's hint when it has no nudge of its own)."""
        return self.hint if self.nudge_text is None else _text(self.nudge_text)

    @functools.cached_property
    def wrong(self) -> dict:
        """The registered mistakes, ``{misconception key: (what it gives, where to reread or None)}``:
        for a value exercise the wrong value, for a code exercise the buggy function (computed on first
        use); a mistake registered in several forms gives its first here (all of them: :attr:`variants`)."""
        return {key: (forms[0], reread) for key, (forms, reread) in self.variants.items()}

    @functools.cached_property
    def variants(self) -> dict:
        """Every form of each registered mistake, ``{misconception key: ([what each form gives], reread)}``:
        a mistake registered as a list (the slip at the output layer, at the hidden layer, at both) is
        named whichever form the student's work matches."""
        out = {}
        for key, given in self.mistakes().items():
            given, reread, why = (given + (None,) * 2)[:3] if isinstance(given, tuple) else (given, None, None)
            forms = []
            for form in (given if isinstance(given, list) else [given]):
                if self.is_code:
                    forms.append(_define(form, f"<the mistake {key} of {self.key}>"))
                else:
                    forms.append(float(form() if callable(form) else form))
            out[key] = (forms, (reread, why) if why else reread)
        return out

    @property
    def is_code(self) -> bool:
        """Whether the student writes a function (checked by running it) rather than a value."""
        return self.test is not None

    def is_close(self, value: float) -> bool:
        """Within the rounding the lesson asks for: half a unit in the ``decimals``-th place when the
        exercise says how to round, else within ``abs_tol`` or ``rel_tol`` of the value."""
        true = float(self.answer())
        if self.decimals is not None:
            return abs(value - true) <= 0.5 * 10.0 ** -self.decimals * (1 + 1e-9)
        return abs(value - true) <= max(self.abs_tol, self.rel_tol * abs(true))

    def reference_code(self) -> str:
        """The instructor's answer as the code of an answer cell."""
        return self.reference if self.reference is not None else f"answer = {float(self.answer())!r}"

    def reference_answer(self):
        """What the reference answer cell gives the check cell: run :meth:`reference_code` (with
        ``np`` imported, as in a lesson) and return its ``answer``, or for a code exercise the
        function it defines."""
        code = self.reference_code()
        if self.is_code:
            return _define(code, f"<reference answer of {self.key}>")
        namespace = {"np": np}
        exec(compile(code, f"<reference answer of {self.key}>", "exec"), namespace)
        return namespace["answer"]


def _define(code: str, filename: str):
    """Run ``code`` (with ``np`` imported, as in a lesson) and return the first function or class it defines."""
    namespace = {"np": np}
    exec(compile(code, filename, "exec"), namespace)
    return namespace[re.search(r"^(?:def|class) (\w+)\b", code, re.M)[1]]


def register(key, question: Text, answer, hint: Text, solution: Text, abs_tol=5e-4, rel_tol=5e-3, points=1,
             test=None, reference=None, *, nudge: Text | None = None, mistakes=None, probes=None,
             decimals: int | None = None, run: Callable | None = None) -> Exercise:
    """Add an exercise. ``answer`` is a number or a function returning one (run on first use, then
    kept); a code exercise passes ``answer=None``, a ``test`` and its ``reference`` code instead.
    ``question``, ``hint`` and ``solution`` are each a ``str`` or a function returning one (run on
    first use): a text that quotes computed numbers is a function, so registering computes nothing.

    The feedback comes in tiers: an unanswered exercise and the first wrong try show the ``nudge``
    (where to look; never the answer or the formula that yields it), later tries the ``hint``, and the
    worked ``solution`` only on request. ``mistakes`` names what the classic mistakes of
    :func:`~.catalogue.misconceptions` give here, ``{misconception key: wrong}`` (or ``{key: (wrong,
    "section to reread")}`` when this lesson has a closer section than the catalogue's, or ``{key: (wrong,
    "section", "sentence")}`` when the slip takes a form the catalogue's sentence does not describe): for a value
    exercise the wrong value (a number or a function computing it), for a code exercise the buggy
    implementation as code; ``probes()`` then lists the argument tuples on which a student's function is
    compared with each buggy one. ``decimals``: the rounding the lesson asks for; the answer is accepted
    within half a unit in that place. ``run(work, *args)``: how a probe runs the student's work and each
    buggy one, when calling it is not enough (a class: build expressions from it and return their
    gradients); by default ``work(*args)``."""
    from .catalogue import misconceptions

    if key in _REGISTRY:
        raise ValueError(f"exercise {key!r} is registered twice")
    if isinstance(points, bool) or not isinstance(points, int) or points < 1:
        raise ValueError(f"points must be a positive int, got {points!r}")
    if decimals is not None and (isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 12):
        raise ValueError(f"decimals must be an int from 0 to 12, got {decimals!r}")
    if test is not None:
        if not callable(test) or not isinstance(reference, str) or answer is not None:
            raise TypeError(f"exercise {key!r}: a code exercise needs answer=None, a callable test and its "
                            "reference code (a str)")
        fn = None
    else:
        fn = functools.cache(answer) if callable(answer) else (lambda v=float(answer): v)
    given = mistakes or {}
    if not isinstance(given, dict):
        raise TypeError(f"exercise {key!r}: mistakes must be a dict {{misconception key: wrong}}, got {type(given).__name__}")
    unknown = sorted(set(given) - set(misconceptions()))
    if unknown:
        raise ValueError(f"exercise {key!r}: {', '.join(map(repr, unknown))} is not a misconception; the catalogue "
                         f"has {', '.join(misconceptions())}")
    if run is not None and not callable(run):
        raise TypeError(f"exercise {key!r}: run must be callable, got {type(run).__name__}")
    if given and test is not None and probes is None:
        raise TypeError(f"exercise {key!r}: a code exercise with mistakes needs probes(), the argument tuples "
                        "to compare the student's function with each buggy one on")
    ex = Exercise(key, question, fn, hint, solution, abs_tol, rel_tol, points, test, reference,
                  nudge, functools.cache(lambda: dict(given)), probes, decimals, run)
    _REGISTRY[key] = ex
    return ex


def discover(package: str = "backproplab.lessons") -> tuple[str, ...]:
    """Import the ``exercises.py`` of every lesson folder of ``package`` (each registers its exercises
    as it is imported; importing one twice registers nothing twice) and return the folders that have
    one, in lesson order. The folders are found on disk (``package.LESSONS``), so a new lesson's
    exercises need no line anywhere else; the imports are by name, not static, so the registry sits
    below the lesson folders in the layering."""
    lessons = importlib.import_module(package)
    found = []
    for folder in lessons.LESSONS:
        name = f"{package}.{folder}.exercises"
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name)
            found.append(folder)
    return tuple(found)


def exercises() -> dict[str, Exercise]:
    """Every registered exercise by key."""
    return dict(_REGISTRY)


def _get(key) -> Exercise:
    if key not in _REGISTRY:
        raise KeyError(f"no exercise called {key!r}; the exercises are: {', '.join(sorted(_REGISTRY))}")
    return _REGISTRY[key]


class Feedback:
    """What :func:`check` returns: shows itself as one line of text (or HTML in Jupyter)."""

    def __init__(self, key, correct, message, misconception=None, answered=True):
        self.key, self.correct, self.message, self.misconception = key, correct, message, misconception
        self.answered = answered         # False: no answer yet (None, or a stub that returns None)

    def __bool__(self):
        return self.correct

    def __repr__(self):
        verdict = (tr("✔ correct") if self.correct else f"✘ {self.misconception}" if self.misconception
                   else tr("✘ not yet"))
        return f"{verdict} ({self.key}): {self.message}"

    def _repr_html_(self):
        # the text in the theme's own colour (JupyterLab Light's warn orange is 2.7:1 on white), the verdict
        # in the mark beside it and in ✔/✘; the fallbacks outside JupyterLab
        mark = "var(--jp-success-color1, #1a7f37)" if self.correct else "var(--jp-warn-color1, #b35900)"
        return (f'<div style="color:var(--jp-content-font-color1, #1f2328);font-weight:600;'
                f'border-left:4px solid {mark};padding-left:6px">{html.escape(repr(self))}</div>')


def check(key, answer) -> Feedback:
    """Compare the student's ``answer`` with exercise ``key``; ``None`` means not answered yet.

    For a code exercise ``answer`` is the student's function, which is run on the exercise's tests.
    Work that matches a registered classic mistake is named (its misconception key, why it is wrong,
    where to reread); other wrong work gets the nudge on the first try and the hint after (tries are
    counted in this kernel, so a stored output never depends on earlier runs: an unanswered ``None``
    is not a try). Under nbgrader (``NBGRADER_EXECUTION`` set) an answer that is not correct raises
    ``AssertionError`` with the feedback, so that the graded cell fails; otherwise the feedback is
    returned (and shown) either way. A student's tries are recorded for the course map
    (:mod:`.progress`), outside the notebook.
    """
    ex = _get(key)
    unanswered = answer is None or answer is Ellipsis
    feedback = _check_code(ex, answer) if ex.is_code else _check_value(ex, answer)
    if not unanswered and ex.is_code:
        _PASSED[key] = answer if feedback.correct else None
    if not unanswered and feedback.answered:
        from . import progress
        progress.record(key, feedback.correct)
    if not feedback.correct and os.environ.get("NBGRADER_EXECUTION"):
        raise AssertionError(repr(feedback))
    return feedback


_TRIES: dict[str, int] = {}     # wrong tries per exercise in this kernel: the hint grows with them
_PASSED: dict[str, object] = {}  # the code answer whose last check in this kernel passed, per exercise


def passed(key):
    """The student's function (or class) that passed the last check of code exercise ``key`` in this
    kernel, or ``None`` (never checked, or its last check failed): so that the cells after an exercise
    can build on the student's work once it is right, and fall back on the package's until then,
    without reading the answer cell (a student's Run All runs whatever that cell holds)."""
    if not _get(key).is_code:
        raise ValueError(f"passed() is for code exercises; {key!r} asks for a value")
    return _PASSED.get(key)


def _hint(ex, tried: bool) -> str:
    """The hint for this try: the nudge first (and for no answer yet), the hint from the second wrong
    try on, and from the third the way to the worked solution."""
    if not tried:
        return ex.nudge
    _TRIES[ex.key] = tries = _TRIES.get(ex.key, 0) + 1
    if tries == 1:
        return ex.nudge
    more = "" if tries == 2 else " " + tr("(Still stuck? {call} shows the worked solution.)").format(
        call=f"solution({ex.key!r})")
    return ex.hint + more


def _named(ex, misconception, reread) -> Feedback:
    """The feedback for work that matches a registered mistake (``reread``: the exercise's section, or
    ``(section, sentence)`` when the exercise words the mistake itself)."""
    from .catalogue import misconceptions
    reread, why = reread if isinstance(reread, tuple) else (reread, None)
    return Feedback(ex.key, False, misconceptions()[misconception].feedback(reread, why), misconception=misconception)


def _typed_decimals(value: float) -> int:
    """How many decimals the student wrote: those of the shortest repr of ``value`` (0.43 → 2)."""
    text = repr(value)
    mantissa, _, exponent = text.partition("e")
    decimals = len(mantissa.partition(".")[2].rstrip("0")) - int(exponent or 0)
    return max(decimals, 0)


def _matching_mistake(ex, value: float) -> tuple[str, str | None] | None:
    """The registered mistake ``value`` is, at the precision the student typed, when it is not the true
    value at that precision: ``(misconception key, reread)``, the nearest such mistake, or ``None``."""
    # At least the precision the question asks for: "1" for an answer asked to three decimals is too coarse
    # to be diagnosed as a mistake that gives 1.5.
    half = 0.5 * 10.0 ** -max(_typed_decimals(value), ex.decimals or 0) * (1 + 1e-9)
    true = float(ex.answer())
    if abs(value - true) <= max(half, 1e-9 * abs(true)):
        return None
    near = [(abs(value - wrong), key, reread) for key, (forms, reread) in ex.variants.items() for wrong in forms
            if abs(value - wrong) <= max(half, 1e-9 * abs(wrong))]
    return min(near)[1:] if near else None


def _check_value(ex, answer) -> Feedback:
    key = ex.key
    if answer is None or answer is Ellipsis:
        return Feedback(key, False, tr("no answer yet — replace None with your value. Hint: {hint}").format(
            hint=_hint(ex, False)))
    if isinstance(answer, (bool, np.bool_)):
        return Feedback(key, False, tr("the answer should be a number, got {got}. Hint: {hint}").format(
            got=repr(answer), hint=_hint(ex, True)))
    if not isinstance(answer, numbers.Real):
        try:
            arr = np.asarray(answer, dtype=float)
            if arr.size != 1:
                raise ValueError
            answer = float(arr.reshape(()))
        except (TypeError, ValueError, OverflowError):
            return Feedback(key, False, tr("the answer should be one number, got {got}. Hint: {hint}").format(
                got=f"{answer!r:.60}", hint=_hint(ex, True)))
    try:
        value = float(answer)
    except OverflowError:        # an int beyond float range, e.g. 10**400
        value = math.inf
    if not math.isfinite(value):
        return Feedback(key, False, tr("the answer should be a finite number, got {got}. Hint: {hint}").format(
            got=f"{value}", hint=_hint(ex, True)))
    mistake = _matching_mistake(ex, value)
    if mistake is not None:
        _hint(ex, True)          # a named mistake is a try too
        return _named(ex, *mistake)
    typed = _typed_decimals(value)
    if (ex.decimals is not None and typed < ex.decimals and value != 0 and not ex.is_close(value)
            and abs(value - float(ex.answer())) <= 0.5 * 10.0 ** -typed * (1 + 1e-9)):
        return Feedback(key, False, tr_n("{value} is right to {typed} decimal; the question asks for {asked}: "
                                         "keep more digits in your working.",
                                         "{value} is right to {typed} decimals; the question asks for {asked}: "
                                         "keep more digits in your working.", typed).format(
            value=f"{value:g}", typed=typed, asked=ex.decimals))
    if ex.is_close(value):
        return Feedback(key, True, tr("{value} matches (to within rounding).").format(value=f"{value:g}"))
    if ex.is_close(-value) and value != 0:
        return Feedback(key, False, tr("{value} has the right size but the wrong sign. Hint: {hint}").format(
            value=f"{value:g}", hint=_hint(ex, True)))
    return Feedback(key, False, tr("{value} is not it yet. Hint: {hint}").format(value=f"{value:g}",
                                                                                hint=_hint(ex, True)))


# --------------------------------------------------------------------------- code exercises
class NotYet(Exception):
    """Raised by a code exercise's test: the student's function is not right yet. The message (one
    sentence) is what the student reads, followed by the exercise's hint."""


class NotAnswered(NotYet):
    """Raised by :func:`returned` when the student's function returned ``None``: the stub as handed out
    (or a function without its ``return``). Like an unanswered ``None``, it is not counted as a try and
    not recorded as progress, so the first real attempt still gets the nudge."""


def worst_entry(got, true, precision=6) -> tuple[tuple, str, str]:
    """Where a student's array is furthest from the true one: ``(index, got there, true there)``, the
    values written as the trace writes numbers, for a message such as "entry (1, 0) is 0.25, but …"."""
    from ..trace import fmt

    where = np.unravel_index(np.argmax(np.abs(got - true)), true.shape)
    return tuple(int(i) for i in where), fmt(got[where], precision), fmt(true[where], precision)


def diagnose(got, true, what, mistakes=(), source="the right formula") -> str | None:
    """``None`` if the student's array ``got`` equals ``true`` (to round-off); otherwise what went wrong,
    for the case ``what`` ("for a layer of 4 neurons …"): the message of the first known mistake whose
    result ``got`` equals (``mistakes``: ``(wrong array or None, message)`` pairs, ``None`` for a mistake
    that cannot be told apart in this case), else the entry furthest from ``source``'s value."""
    def same(a, b):
        return np.allclose(a, b, rtol=1e-9, atol=1e-12)

    if same(got, true):
        return None
    for wrong, message in mistakes:
        if wrong is not None and same(got, wrong):
            return tr("for {what} {message}").format(what=what, message=message)
    where, was, right = worst_entry(got, true)
    return tr("for {what} entry {where} is {was}, but {source} gives {right}.").format(
        what=what, where=where, was=was, source=source, right=right)


def returned(got, shape, *, name, ends_with, wrong_shape, wrong_count=None):
    """What the student's function ``name`` returned, as a float array of ``shape``, or for a list
    of shapes (a function returning several arrays, e.g. ``(dx, dy)``) a list of such arrays.

    Raises :class:`NotYet` when the function returned ``None`` ("``name`` returned None: end it with
    return ``ends_with``."), not one result per shape (the message ``wrong_count(got)``), or arrays of
    another shape (the message ``wrong_shape(shape_got)``, with the shape, or the list of shapes, got).
    """
    if got is None:
        raise NotAnswered(tr("{name} returned None: end it with return {ends_with}.").format(
            name=name, ends_with=ends_with))
    if isinstance(shape, list):
        if not isinstance(got, (tuple, list)) or len(got) != len(shape):
            raise NotYet(wrong_count(got))
        arrays = [np.asarray(g, dtype=float) for g in got]
        if [a.shape for a in arrays] != shape:
            raise NotYet(wrong_shape([a.shape for a in arrays]))
        return arrays
    array = np.asarray(got, dtype=float)
    if array.shape != shape:
        raise NotYet(wrong_shape(array.shape))
    return array


def _same(a, b) -> bool:
    """Whether two results of a function agree to round-off (arrays, numbers, or tuples of them)."""
    if isinstance(a, (tuple, list)) or isinstance(b, (tuple, list)):
        return (isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)) and len(a) == len(b)
                and all(_same(x, y) for x, y in zip(a, b)))
    try:
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return False
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-7, atol=1e-10))


def _run_on(ex, function, args):
    import copy
    args = copy.deepcopy(args)
    return function(*args) if ex.run is None else ex.run(function, *args)


def _code_mistake(ex, function) -> tuple[str, str | None] | None:
    """The registered buggy implementation the student's ``function`` agrees with on every probe."""
    if not ex.wrong:
        return None
    probes = list(ex.probes())
    try:
        got = [_run_on(ex, function, args) for args in probes]
    except Exception:           # the student's function fails on a probe: the test has said how
        return None
    for key, (forms, reread) in ex.variants.items():
        for buggy in forms:
            try:
                if all(_same(g, _run_on(ex, buggy, args)) for g, args in zip(got, probes)):
                    return key, reread
            except Exception:       # a form that cannot run on some probe simply does not match
                continue
    return None


def _check_code(ex, function) -> Feedback:
    if function is None or function is Ellipsis:
        return Feedback(ex.key, False, tr("no function yet — complete the function above. Hint: {hint}").format(
            hint=_hint(ex, False)))
    if not callable(function):
        return Feedback(ex.key, False, tr("pass your function itself, got {got}. Hint: {hint}").format(
            got=f"{function!r:.60}", hint=_hint(ex, True)))
    try:
        passed, message = ex.test(function)
    except NotAnswered as stub:
        return Feedback(ex.key, False, tr("{message} Hint: {hint}").format(message=stub, hint=_hint(ex, False)),
                        answered=False)
    except NotYet as not_yet:
        passed, message = False, str(not_yet)
    except Exception as err:        # the student's code failed: say how, never crash the lesson
        passed, message = False, tr("your function raised {error}: {detail}.").format(error=type(err).__name__,
                                                                                        detail=err)
    if passed:
        return Feedback(ex.key, True, message)
    # A classic mistake may fail the test by raising (δ @ W instead of δ @ Wᵀ on a layer that is not
    # square): the probes, chosen so that every registered mistake runs, still name it.
    mistake = _code_mistake(ex, function)
    if mistake is not None:
        _hint(ex, True)
        return _named(ex, *mistake)
    return Feedback(ex.key, False, tr("{message} Hint: {hint}").format(message=message, hint=_hint(ex, True)))


# --------------------------------------------------------------------------- solutions
class _Solution:
    def __init__(self, ex):
        self.ex = ex

    def __repr__(self):
        return tr("Solution ({key}): {solution}").format(key=self.ex.key, solution=self.ex.solution)

    def _repr_html_(self):
        # Folded, so a static view (HTML export, GitHub) does not print the answer under the question.
        summary = tr("Show the solution ({key})").format(key=html.escape(self.ex.key))
        return (f"<details><summary>{summary}</summary>"
                f'<pre style="white-space:pre-wrap">{html.escape(self.ex.solution)}</pre></details>')


def solution(key):
    """The worked solution of exercise ``key`` (shown where the lesson keeps it hidden)."""
    return _Solution(_get(key))
