"""The package's public face: one list of names, every one of them there, and a light import."""
import importlib
import json
import subprocess
import sys
import types

import pytest

import backproplab as bp

HEAVY = ("matplotlib", "ipywidgets", "IPython", "backproplab.exercises", "backproplab.plots", "backproplab.widgets",
         "backproplab.lessons", "backproplab.publish")


def _modules_after(code):
    """The modules a fresh interpreter holds after running ``code``."""
    out = subprocess.run([sys.executable, "-c", f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"],
                         capture_output=True, text=True, check=True).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_import_backproplab_is_light():
    loaded = _modules_after("import backproplab")
    assert not [name for name in HEAVY if name in loaded or any(m.startswith(name + ".") for m in loaded)]


def test_a_training_script_stays_light():
    loaded = _modules_after("import backproplab as bp\n"
                            "bp.Network([3, 2, 1], seed=0).fit(*bp.datasets.xor(), epochs=3, lr=0.5)")
    assert "backproplab.datasets" in loaded and not {"matplotlib", "ipywidgets"} & loaded


@pytest.mark.parametrize("name", bp.__all__)
def test_every_public_name_resolves(name):
    value = getattr(bp, name)
    assert value is not None
    if isinstance(value, types.ModuleType):       # the module itself, or the one it moved to (bp.graph)
        assert value.__name__ in (f"backproplab.{name}", "backproplab.autograd.graph")
        assert importlib.import_module(f"backproplab.{name}") is value    # and its import path


def test_the_public_names_are_listed_once_and_shown_by_dir():
    assert len(bp.__all__) == len(set(bp.__all__))
    assert set(bp.__all__) <= set(dir(bp))
    assert "__version__" in dir(bp)
    assert not {"publish", "images", "handworked", "gradflow", "regularisation"} & set(bp.__all__)


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        bp.nothing_here


def test_star_import_gives_exactly_the_public_names():
    namespace = {}
    exec("from backproplab import *", namespace)
    assert set(namespace) - {"__builtins__"} == set(bp.__all__)
