"""backproplab._plumbing.face.package_face: the one mechanism every package face uses (backproplab, lessons,
widgets, plots, exercises), driven here on a throw-away package built in a temporary folder."""
from __future__ import annotations

import importlib
import sys
import textwrap

import pytest

from backproplab._plumbing.face import package_face


@pytest.fixture
def face(tmp_path, monkeypatch):
    """A package ``facepkg`` with a face: ``.real`` (a module of its own), ``Thing`` (an attribute of
    ``.deep.inner``), ``old`` (a moved path → ``.deep.inner``) and ``.shown``'s ``__all__`` re-exported."""
    pkg = tmp_path / "facepkg"
    (pkg / "deep").mkdir(parents=True)
    (pkg / "__init__.py").write_text(textwrap.dedent('''
        from backproplab._plumbing.face import package_face
        __getattr__, __dir__ = package_face(__name__, {"real": ".real", "Thing": ".deep.inner:Thing"},
                                            moved={"old": ".deep.inner"}, re_export=(".shown",))
    '''))
    (pkg / "real.py").write_text("VALUE = 1\n")
    (pkg / "deep" / "__init__.py").write_text("")
    (pkg / "deep" / "inner.py").write_text("class Thing:\n    pass\n")
    (pkg / "shown.py").write_text("__all__ = ['shown_function']\ndef shown_function():\n    return 2\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield importlib.import_module("facepkg")
    for name in [n for n in sys.modules if n == "facepkg" or n.startswith("facepkg.")]:
        del sys.modules[name]


def test_names_load_on_first_use(face):
    assert "facepkg.real" not in sys.modules and "facepkg.shown" not in sys.modules
    assert face.real.VALUE == 1
    assert face.Thing is importlib.import_module("facepkg.deep.inner").Thing
    assert "Thing" in vars(face)              # kept: a second read does not go through __getattr__


def test_a_moved_path_is_an_import_of_the_same_module(face):
    inner = importlib.import_module("facepkg.deep.inner")
    old = importlib.import_module("facepkg.old")
    assert old is inner and face.old is inner and sys.modules["facepkg.old"] is inner
    assert inner.__spec__.name == "facepkg.deep.inner"     # the alias does not rename the module
    namespace = {}
    exec("from facepkg.old import Thing", namespace)     # (a string: facepkg is no distribution to declare)
    assert namespace["Thing"] is inner.Thing


def test_all_and_dir_show_the_public_names_and_the_re_exported_ones(face):
    assert face.__all__ == ["real", "Thing", "shown_function"]
    assert {"real", "Thing", "shown_function"} <= set(dir(face)) and "old" not in dir(face)
    assert face.shown_function() == 2


def test_a_private_probe_loads_nothing(face):
    with pytest.raises(AttributeError, match="'facepkg' has no attribute '_repr_html_'"):
        face._repr_html_
    assert "facepkg.shown" not in sys.modules


def test_an_unknown_name(face):
    with pytest.raises(AttributeError, match="module 'facepkg' has no attribute 'nothing'"):
        face.nothing


@pytest.mark.parametrize("args, kwargs, error, message", [
    ((None, {}), {}, TypeError, "package must be the package's dotted name"),
    (("p", ["a"]), {}, TypeError, "names must be a dict"),
    (("p", {"a b": ".a"}), {}, ValueError, "names must map identifiers"),
    (("p", {"a": 3}), {}, ValueError, "names must map identifiers to 'module' or 'module:attribute' strings, got 'a': 3"),
    (("p", {}), {"moved": {"a": ""}}, ValueError, "moved must map identifiers"),
])
def test_bad_tables_are_named(args, kwargs, error, message):
    with pytest.raises(error, match=message):
        package_face(*args, **kwargs)


def test_import_backproplab_stays_light():
    """The faces load nothing: the lessons, figures and explorers come with their first use."""
    import subprocess
    code = ("import sys, backproplab; print(sorted(k for k in sys.modules if k.startswith('backproplab.') "
            "and k.split('.')[1] in ('lessons', 'plots', 'widgets', 'exercises')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
