"""Self-check exercises: the student computes a value, the checker says *correct* or *not yet*.

In a lesson::

    from backproplab.exercises import check, solution
    answer = None            # ← your value for o_E
    check("o_E", answer)     # ✘ not yet … / ✔ correct …
    solution("o_E")          # the worked solution, kept in a collapsed cell

Answers are compared with a tolerance that forgives hand rounding (by default within 5e-4, or
0.5 % of the value, whichever is larger). The true values are computed by the package, never
typed in, so they cannot drift from what the lesson shows. Each lesson registers its exercises in
its own module (``lesson1.py`` …) with :func:`register`.
"""
from __future__ import annotations

import html
import math
import numbers
from dataclasses import dataclass
from typing import Callable

import numpy as np

__all__ = ["check", "solution", "register", "exercises", "Exercise", "Feedback"]

_REGISTRY: dict[str, "Exercise"] = {}


@dataclass(frozen=True)
class Exercise:
    key: str
    question: str
    answer: Callable[[], float]     # computed on demand by the package
    hint: str
    solution: str                   # the worked solution, plain text / unicode maths
    abs_tol: float = 5e-4
    rel_tol: float = 5e-3

    def is_close(self, value: float) -> bool:
        true = float(self.answer())
        return abs(value - true) <= max(self.abs_tol, self.rel_tol * abs(true))


def register(key, question, answer, hint, solution, abs_tol=5e-4, rel_tol=5e-3) -> Exercise:
    """Add an exercise. ``answer`` is a number or a function returning one (computed lazily)."""
    if key in _REGISTRY:
        raise ValueError(f"exercise {key!r} is registered twice")
    fn = answer if callable(answer) else (lambda v=float(answer): v)
    ex = Exercise(key, question, fn, hint, solution, abs_tol, rel_tol)
    _REGISTRY[key] = ex
    return ex


def exercises() -> dict[str, Exercise]:
    """Every registered exercise by key."""
    return dict(_REGISTRY)


def _get(key) -> Exercise:
    if key not in _REGISTRY:
        raise KeyError(f"no exercise called {key!r}; the exercises are: {', '.join(sorted(_REGISTRY))}")
    return _REGISTRY[key]


class Feedback:
    """What :func:`check` returns: shows itself as one line of text (or HTML in Jupyter)."""

    def __init__(self, key, correct, message):
        self.key, self.correct, self.message = key, correct, message

    def __bool__(self):
        return self.correct

    def __repr__(self):
        return f"{'✔ correct' if self.correct else '✘ not yet'} ({self.key}): {self.message}"

    def _repr_html_(self):
        colour = "#1a7f37" if self.correct else "#b35900"
        return f'<div style="color:{colour};font-weight:600">{html.escape(repr(self))}</div>'


def check(key, answer) -> Feedback:
    """Compare the student's ``answer`` with exercise ``key``; ``None`` means not answered yet."""
    ex = _get(key)
    if answer is None or answer is Ellipsis:
        return Feedback(key, False, f"no answer yet — replace None with your value. Hint: {ex.hint}")
    if isinstance(answer, (bool, np.bool_)):
        return Feedback(key, False, f"the answer should be a number, got {answer!r}. Hint: {ex.hint}")
    if not isinstance(answer, numbers.Real):
        try:
            arr = np.asarray(answer, dtype=float)
            if arr.size != 1:
                raise ValueError
            answer = float(arr.reshape(()))
        except (TypeError, ValueError, OverflowError):
            return Feedback(key, False, f"the answer should be one number, got {answer!r:.60}. Hint: {ex.hint}")
    try:
        value = float(answer)
    except OverflowError:        # an int beyond float range, e.g. 10**400
        value = math.inf
    if not math.isfinite(value):
        return Feedback(key, False, f"the answer should be a finite number, got {value}. Hint: {ex.hint}")
    if ex.is_close(value):
        return Feedback(key, True, f"{value:g} matches (to within rounding).")
    if ex.is_close(-value) and value != 0:
        return Feedback(key, False, f"{value:g} has the right size but the wrong sign. Hint: {ex.hint}")
    return Feedback(key, False, f"{value:g} is not it yet. Hint: {ex.hint}")


class _Solution:
    def __init__(self, ex):
        self.ex = ex

    def __repr__(self):
        return f"Solution ({self.ex.key}): {self.ex.solution}"

    def _repr_html_(self):
        # Folded, so a static view (HTML export, GitHub) does not print the answer under the question.
        return (f"<details><summary>Show the solution ({html.escape(self.ex.key)})</summary>"
                f'<pre style="white-space:pre-wrap">{html.escape(self.ex.solution)}</pre></details>')


def solution(key):
    """The worked solution of exercise ``key`` (shown where the lesson keeps it hidden)."""
    return _Solution(_get(key))


# Each lesson's exercises live in their own module and register themselves on import.
from . import lesson1, lesson2, lesson3, lesson4, lesson5  # noqa: E402,F401
