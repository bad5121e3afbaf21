"""The import paths of before the lesson folders still work, and give the very objects the lesson
folders hold: module aliases (``backproplab.lessons.xor`` → ``backproplab.lessons.lesson04.xor``) and
names shown by the package faces (``bp.widgets.XORExplorer``, ``bp.plots.plot_mask_average``,
``bp.graph.Var``). The notebooks stay on these paths, so every name they read is checked here too."""
from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

import backproplab as bp

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

TOPICS = {"handworked": "01", "mazur": "02", "gradflow": "03", "xor": "04", "dropout_step": "05",
          "dropout_survey": "05", "overfitting": "05", "autograd": "07", "crossentropy": "08", "practice": "09"}
MODULE_ALIASES = {
    **{f"backproplab.lessons.{topic}": f"backproplab.lessons.lesson{n}.{topic}" for topic, n in TOPICS.items()},
    **{f"backproplab.widgets.{old}": f"backproplab.lessons.lesson{n}.explorer"
       for old, n in {"activation": "03", "xor": "04", "dropout": "05", "optimiser": "09"}.items()},
    **{f"backproplab.plots.{old}": f"backproplab.lessons.lesson{n}.figures"
       for old, n in {"activation_plots": "03", "regularisation_plots": "05", "gradcheck_plots": "06",
                      "practice_plots": "09"}.items()},
    **{f"backproplab.exercises.lesson{n}": f"backproplab.lessons.lesson{n:02d}.exercises" for n in range(1, 11)},
}
EXPLORERS = {"ActivationExplorer": "lesson03.explorer", "XORExplorer": "lesson04.explorer",
             "DropoutExplorer": "lesson05.explorer", "OptimiserExplorer": "lesson09.explorer"}


@pytest.mark.parametrize("old, new", MODULE_ALIASES.items(), ids=list(MODULE_ALIASES))
def test_an_old_module_path_imports_the_same_module(old, new):
    module = importlib.import_module(new)
    assert importlib.import_module(old) is module
    assert sys.modules[old] is module
    parent, _, child = old.rpartition(".")
    assert getattr(importlib.import_module(parent), child) is module
    # the module keeps its own name and spec: tracebacks, pickles and reload name where the code lives
    assert module.__name__ == new and module.__spec__.name == new
    assert not (ROOT / Path(*old.split("."))).with_suffix(".py").exists(), "an old file would shadow the alias"


def test_from_imports_of_old_paths_give_the_same_objects():
    from backproplab.lessons import handworked
    from backproplab.lessons.lesson01 import handworked as new_handworked
    from backproplab.lessons.lesson04.xor import XORSettings as new_settings
    from backproplab.lessons.xor import XORSettings
    from backproplab.widgets.xor import XORExplorer
    from backproplab.lessons.lesson04.explorer import XORExplorer as new_explorer
    from backproplab.exercises import lesson5
    from backproplab.lessons.lesson05 import exercises as new_lesson5
    assert (handworked, XORSettings, XORExplorer, lesson5) == (new_handworked, new_settings, new_explorer, new_lesson5)


def test_old_paths_work_first_thing_in_a_fresh_interpreter():
    """Imported before anything else (no lesson folder loaded yet), as a notebook's first cell does."""
    code = ("import backproplab.widgets.xor as w, backproplab.exercises.lesson1 as e\n"
            "from backproplab.lessons.xor import XORSettings\n"
            "from backproplab.plots.regularisation_plots import plot_mask_average\n"
            "import backproplab.lessons.lesson04.explorer as x, backproplab.lessons.lesson04.xor as s\n"
            "import backproplab.lessons.lesson05.figures as f, backproplab.lessons.lesson01.exercises as e1\n"
            "print(w is x, XORSettings is s.XORSettings, plot_mask_average is f.plot_mask_average, e is e1)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split() == ["True"] * 4


@pytest.mark.parametrize("name, where", EXPLORERS.items())
def test_the_widgets_face_shows_each_lesson_explorer(name, where):
    module = importlib.import_module(f"backproplab.lessons.{where}")
    assert getattr(bp.widgets, name) is getattr(module, name)
    assert name in bp.widgets.__all__ and name in dir(bp.widgets)


def test_the_widgets_face_shows_the_shared_explorers():
    from backproplab.widgets.playground import Playground
    from backproplab.widgets.step_through import StepThrough
    assert (bp.widgets.Playground, bp.widgets.StepThrough) == (Playground, StepThrough)
    assert "xor" not in bp.widgets.__all__     # the old module paths work but are not advertised


def test_the_lessons_face():
    assert bp.lessons.LESSONS == tuple(f"lesson{n:02d}" for n in range(1, 11))
    assert bp.lessons.lesson05.overfitting is importlib.import_module("backproplab.lessons.lesson05.overfitting")
    assert bp.lessons.xor is bp.lessons.lesson04.xor
    assert set(bp.lessons.__all__) == {*bp.lessons.LESSONS, *TOPICS}


def test_the_plots_face_shows_the_shared_figures_by_name():
    from backproplab.plots import network_diagram, style, training
    assert bp.plots.draw_network is network_diagram.draw_network
    assert bp.plots.plot_loss is training.plot_loss
    assert bp.plots.lecture_style is style.lecture_style
    namespace = {}
    exec("from backproplab.plots import *", namespace)
    assert {"draw_network", "plot_loss", "draw_graph", "lecture_style"} <= set(namespace)


def test_the_graph_engine_path():
    from backproplab.autograd.graph import Var
    assert bp.graph.Var is Var


def _notebook_code(cells):
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_name_a_notebook_reads_from_a_face_resolves(path, notebook_cells):
    """``bp.plots.X``, ``plots.X``, ``bp.widgets.X``, ``bp.graph.X`` and every ``from backproplab… import``
    line of the notebook."""
    code = _notebook_code(notebook_cells(path))
    faces = {"bp.plots": bp.plots, "plots": bp.plots, "bp.widgets": bp.widgets, "bp.graph": bp.graph,
             "bp.lessons": bp.lessons, "bp.exercises": bp.exercises}
    missing = [f"{face}.{name}" for face, module in faces.items()
               for name in re.findall(rf"(?<![\w.]){re.escape(face)}\.(\w+)", code) if not hasattr(module, name)]
    for line in re.findall(r"^\s*from (backproplab[\w.]*) import ([\w, ]+)", code, re.M):
        module = importlib.import_module(line[0])
        missing += [f"{line[0]}.{n}" for n in re.findall(r"(\w+)(?: as \w+)?", line[1])
                    if n != "as" and not hasattr(module, n)]
    assert missing == []
