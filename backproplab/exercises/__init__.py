"""Self-check exercises: the student computes a value (or writes a function), the checker says
*correct* or *not yet*.

In a lesson, each exercise is three cells::

    answer = None            # ← your value for o_E         (the answer cell: the student's)
    check("o_E", answer)     # ✔ correct … / ✘ not yet …    (the check cell)
    solution("o_E")          # the worked solution, kept in a collapsed cell

A code-writing exercise gives the student a function to complete instead, and its check cell passes
the function: ``check("sigmoid_prime_code", sigmoid_prime)`` runs it on test inputs.

Answers are compared with a tolerance that forgives hand rounding (by default within 5e-4, or
0.5 % of the value, whichever is larger). The true values are computed by the package, never
typed in, so they cannot drift from what the lesson shows; they are computed on first use, so
importing the exercises is cheap. Each lesson registers its exercises in its own folder
(``backproplab/lessons/lesson01/exercises.py`` …) with :func:`register` from :mod:`.registry`, which
holds the checker itself and finds every lesson's exercises (:func:`~.registry.discover`).

**Graded by nbgrader.** ``python -m backproplab course`` turns every answer cell into an nbgrader
solution cell (the reference answer between ``### BEGIN SOLUTION`` and ``### END SOLUTION``) and every
check cell into a locked test cell worth :attr:`Exercise.points`. While nbgrader autogrades or
validates a notebook (it sets ``NBGRADER_EXECUTION``), a check that is not correct raises
``AssertionError`` with the same message and hint, so the cell scores 0 and *Validate* shows why;
everywhere else it only displays "✘ not yet", so a lesson always runs from top to bottom.
"""
from .._plumbing.face import package_face
from .catalogue import Misconception, misconceptions
from .registry import Exercise, Feedback, NotYet, check, discover, exercises, passed, register, returned, solution

# Every lesson folder's exercises.py registers its exercises when imported: a new lesson needs no line here.
LESSONS = discover()

__all__ = ["check", "solution", "register", "exercises", "passed", "misconceptions", "Exercise", "Feedback",
           "Misconception", "NotYet", "returned"]

# backproplab.exercises.lesson1 … lesson10, where each lesson's exercises lived before the lesson folders.
__getattr__, __dir__ = package_face(__name__, {}, moved={f"lesson{int(folder[6:])}": f"..lessons.{folder}.exercises"
                                                         for folder in LESSONS})
