"""Every third-party module the package imports is declared in pyproject.toml where it is used, and the
runtime package never imports the publishing tools.

* a module outside ``backproplab/publish/`` (what a student runs) imports only the core dependencies;
  an import it guards with ``try: … except ImportError`` (``jupyterlab`` for ``backproplab lab``) must
  be declared in an extra;
* a module of ``backproplab/publish/`` imports only the core dependencies and the ``publish`` extra;
* no module outside ``backproplab/publish/`` imports ``backproplab.publish``, except the command line
  (``__main__.py``), inside a function, so that ``import backproplab`` and ``backproplab lab`` load none of it;
* the ``instructor`` set holds ``lab`` and ``publish``; the ``test`` set, every module the tests import.

Imports are read from the source (an AST walk), top-level names mapped to distributions through the
installed packages' metadata (``PIL`` → Pillow, ``bs4`` → beautifulsoup4).
"""
from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "backproplab"
PUBLISH = "backproplab.publish"
LAZY_PUBLISH_IMPORTERS = {"backproplab.__main__"}     # the CLI's dispatch, inside main()
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
_REQUIREMENT = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?")


def normalise(name: str) -> str:
    """A distribution name as PEP 503 compares them: ``jupyter_server_mathjax`` → ``jupyter-server-mathjax``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(*extras: str) -> set[str]:
    """The distributions the core dependencies and ``extras`` declare, with ``backproplab[…]`` expanded."""
    names, todo, seen = set(), [None, *extras], set()
    while todo:
        extra = todo.pop()
        if extra in seen:
            continue
        seen.add(extra)
        for requirement in PROJECT["dependencies"] if extra is None else PROJECT["optional-dependencies"][extra]:
            name, inner = _REQUIREMENT.match(requirement).groups()
            if normalise(name) == "backproplab":
                todo += [e.strip() for e in (inner or "").split(",") if e.strip()]
            else:
                names.add(normalise(name))
    return names


_DISTRIBUTIONS = {top: {normalise(d) for d in dists} for top, dists in importlib.metadata.packages_distributions().items()}


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_guarded(node, parents) -> bool:
    """Whether ``node`` lies in the body of a ``try`` that catches ImportError (or ModuleNotFoundError)."""
    child = node
    for parent in parents:
        if isinstance(parent, ast.Try) and child in parent.body:
            for handler in parent.handlers:
                caught = handler.type
                names = [caught] if not isinstance(caught, ast.Tuple) else list(caught.elts)
                if any(isinstance(n, ast.Name) and n.id in {"ImportError", "ModuleNotFoundError"} for n in names):
                    return True
        child = parent
    return False


def imports(source: str, module: str, is_package: bool = False):
    """``(absolute module imported, line, guarded by except ImportError, inside a function)`` for every
    import in ``source``, the text of module ``module`` (relative imports resolved against it)."""
    tree = ast.parse(source)
    parents = {}
    for parent in ast.walk(tree):
        for child in ast.iter_child_nodes(parent):
            parents[child] = parent
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            # `from . import publish` imports the submodule: name it too
            targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        chain, up = [], parents.get(node)
        while up is not None:
            chain.append(up)
            up = parents.get(up)
        lazy = any(isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef)) for p in chain)
        for target in targets:
            yield target, node.lineno, _is_guarded(node, chain), lazy


def problems(source: str, module: str, is_package: bool = False) -> list[str]:
    """What is wrong with the imports of ``source`` (module ``module`` of backproplab), as messages."""
    in_publish = module == PUBLISH or module.startswith(f"{PUBLISH}.")
    allowed = declared("publish") if in_publish else declared()
    in_some_extra = set().union(*(declared(e) for e in PROJECT["optional-dependencies"]))
    found = []
    for target, line, guarded, lazy in imports(source, module, is_package):
        top = target.split(".")[0]
        where = f"{module} line {line}"
        if top == "backproplab":
            reaches_publish = target == PUBLISH or target.startswith(f"{PUBLISH}.")
            if reaches_publish and not in_publish and not (module in LAZY_PUBLISH_IMPORTERS and lazy):
                found.append(f"{where}: imports {target}; the runtime package never imports the publishing tools")
            continue
        if top in sys.stdlib_module_names or top == "__future__":
            continue
        distributions = _DISTRIBUTIONS.get(top)
        if not distributions:
            found.append(f"{where}: imports {top}, which no installed distribution provides; declare it")
        elif guarded and not in_publish:
            if not distributions & in_some_extra:
                found.append(f"{where}: imports {top} (optional) but no extra declares {sorted(distributions)}")
        elif not distributions & allowed:
            what = "core dependencies or the publish extra" if in_publish else "core dependencies"
            found.append(f"{where}: imports {top} ({sorted(distributions)}), not in the {what}")
    return found


PACKAGE_FILES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", PACKAGE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_import_is_declared_where_it_is_used(path):
    source = path.read_text(encoding="utf-8")
    assert problems(source, module_name(path), path.name == "__init__.py") == []


def test_the_walk_sees_every_kind_of_import():
    assert PACKAGE_FILES and any(module_name(p) == PUBLISH for p in PACKAGE_FILES)
    seen = {m for p in PACKAGE_FILES for m, *_ in imports(p.read_text(encoding="utf-8"), module_name(p),
                                                          p.name == "__init__.py")}
    assert {"numpy", "bs4", "nbconvert", "jupyterlab", "backproplab.publish.cli"} <= seen


def test_an_undeclared_import_is_caught():
    # bs4 is declared for the publishing tools only, yaml nowhere, and no distribution is called this
    assert problems("import bs4\n", "backproplab.network") == [
        "backproplab.network line 1: imports bs4 (['beautifulsoup4']), not in the core dependencies"]
    assert problems("import bs4\n", "backproplab.publish.site") == []
    assert problems("from nbgrader.preprocessors import ClearOutput\n", "backproplab.plots.style")
    assert problems("import no_such_module_anywhere\n", "backproplab.publish.site")
    # guarded optional imports must still be declared in an extra
    assert problems("try:\n    import jupyterlab\nexcept ImportError:\n    pass\n", "backproplab.widgets") == []
    assert problems("try:\n    import no_such_module_anywhere\nexcept ImportError:\n    pass\n", "backproplab.widgets")
    assert problems("import jupyterlab\n", "backproplab.widgets")            # unguarded: core only


def test_the_runtime_package_never_imports_the_publishing_tools():
    for source in ("from backproplab.publish import site\n", "import backproplab.publish.slides\n",
                   "from .publish.cli import main\n", "from . import publish\n"):
        assert problems(source, "backproplab.network"), source
    assert problems("from ..publish import images\n", "backproplab.plots", is_package=True)
    assert problems("from ..publish import images\n", "backproplab.plots.style")
    assert problems("from .publish.cli import main\n", "backproplab.__main__")        # at the top: not lazy
    assert problems("def main():\n    from .publish.cli import main\n", "backproplab.__main__") == []
    assert problems("from . import mathjax\n", "backproplab.publish.site") == []


def test_extras_hold_what_their_users_need():
    assert declared("lab") < declared("instructor") and declared("publish") < declared("instructor")
    assert declared("instructor") < declared("test")
    assert not {"nbgrader", "nbconvert", "pytest"} & declared("lab")      # the student set stays lean


TEST_FILES = sorted((ROOT / "tests").rglob("*.py"))
LOCAL_MODULES = {p.stem for p in TEST_FILES}           # test modules that import one another (lab, test_editions)


def test_every_module_the_tests_import_is_in_the_test_set():
    wanted, missing = declared("test"), []
    for path in TEST_FILES:
        for target, line, _, _ in imports(path.read_text(encoding="utf-8"), module_name(path)):
            top = target.split(".")[0]
            if top in sys.stdlib_module_names or top in LOCAL_MODULES or top in {"__future__", "backproplab", ""}:
                continue
            # Not installed here (the unit-test job on another Python has no Playwright): the import
            # name must then be a declared distribution's name itself.
            if not _DISTRIBUTIONS.get(top, {normalise(top)}) & wanted:
                missing.append(f"{path.relative_to(ROOT)} line {line}: {top}")
    assert not missing, missing
