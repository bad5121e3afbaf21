"""The lessons' own code: one folder per lesson, named with its number (``lesson01/`` … ``lesson10/``).

A folder holds everything that lesson alone needs: what it computes (topic modules, e.g.
``lesson01/handworked.py``), its figures (``figures.py``), its explorer (``explorer.py``) and its
self-check exercises (``exercises.py``). It imports what several lessons share — the core, the
shared figures (``plots.network_diagram``, ``plots.training``, ``plots.graph_diagram``, ``plots.style``),
the explorer bases (``widgets._base``, ``widgets._runs``), the step-through, the exercise registry —
and nothing imports it but the notebooks, the publishing tools and the exercise registry. No lesson
folder imports another: what two lessons compute the same way moves down to a shared module
(``backproplab.snapshots``), and a notebook that reuses another lesson's example imports both
(lesson 3 reads lesson 1's ``handworked``, lesson 9 lesson 5's ``overfitting`` data).
``tests/core/test_architecture.py`` checks these floors.

**Adding a lesson** is the notebook, one folder and its tests:

1. ``notebooks/NN_topic.ipynb``;
2. ``backproplab/lessons/lessonNN/``: an ``__init__.py`` (its docstring says what the lesson is and
   lists its modules in ``__all__``), its topic modules, and, if it has them, ``figures.py``,
   ``explorer.py`` and ``exercises.py`` (which calls :func:`backproplab.exercises.registry.register`;
   the registry finds it, nothing else needs a line);
3. ``tests/lessons/test_lessonNN.py`` (its computations and exercises), plus ``tests/plots`` /
   ``tests/widgets`` tests for its figures and explorer.

In a notebook: ``from backproplab.lessons.lesson01 import handworked``. The older paths, by topic
(``from backproplab.lessons import handworked``, ``backproplab.lessons.xor``), are module aliases of the
same objects and keep working.
"""
import pkgutil

from .._plumbing.face import package_face

# Every lessonNN folder on disk, in lesson order: a new folder needs no line here.
LESSONS = tuple(sorted((m.name for m in pkgutil.iter_modules(__path__)
                        if m.ispkg and m.name.startswith("lesson") and m.name[6:].isdigit()),
                       key=lambda name: int(name[6:])))

# The topic paths of before the lesson folders: real import paths of the same module objects.
TOPICS = {"handworked": ".lesson01.handworked", "mazur": ".lesson02.mazur", "gradflow": ".lesson03.gradflow",
          "xor": ".lesson04.xor", "dropout_step": ".lesson05.dropout_step",
          "dropout_survey": ".lesson05.dropout_survey", "overfitting": ".lesson05.overfitting",
          "autograd": ".lesson07.autograd", "crossentropy": ".lesson08.crossentropy", "practice": ".lesson09.practice"}

__getattr__, __dir__ = package_face(__name__, {**{name: f".{name}" for name in LESSONS}, **TOPICS})
