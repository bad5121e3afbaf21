"""The package's layout rules, checked on its source (an AST walk, nothing is imported):

* no module reaches into another module's private names (``net._check_X``, ``graph._SYMBOLS``):
  package-private *modules* (``_plumbing.checks``, ``_plumbing.format`` …) are fine, their names are public to the package;
* the floors: plumbing (``_plumbing/``: checks, formats, files, threads, the package face) < core <
  shared (``plots``, ``widgets``, ``exercises``, the ``lessons`` face) <
  lesson folders (``lessons/lessonNN/``) < publishing tools and launchers (``publish``, ``lab``, the
  command line); a module
  imports only from its own floor or below;
* a lesson folder is imported by nothing in the package but the publishing tools (the exercise
  registry finds the lessons' exercises by name, not by import), and no lesson folder imports another;
* a lesson's computations never need widgets: only its ``explorer`` imports ipywidgets;
* no two modules import each other, directly or round a longer loop.

A package face's table (``backproplab/_plumbing/face.py``) names modules as strings: those are not imports here.
"""
import ast
import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "backproplab"
CORE = {"activations", "losses", "regularisers", "backprop", "network", "training", "persistence", "construction",
        "trace", "trace_records", "trace_render", "gradcheck", "datasets", "tables", "snapshots", "autograd.graph",
        "autograd.gates", "_plumbing.blas", "_plumbing.progress", "_plumbing.checks", "_plumbing.format",
        "_plumbing.npz", "_plumbing.face", "_plumbing.notebook_cells"}
NOT_FOR_CORE = ("plots", "widgets", "lessons", "exercises", "publish")


def module_name(path):
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules():
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def resolve(importer, node, is_package=False):
    """The backproplab modules an ``Import``/``ImportFrom`` in module ``importer`` names."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.startswith("backproplab")]
    base = importer.split(".")
    if node.level:
        base = base[:len(base) - node.level + (1 if is_package else 0)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    return [target] if target.startswith("backproplab") else []


def imported_modules(name, path, known, source=None):
    """Every backproplab module ``name`` imports, at any depth of its code (lazy imports count);
    ``source`` stands for the file's text (the self-tests plant violations that way)."""
    out = set()
    source = path.read_text(encoding="utf-8") if source is None else source
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        for target in resolve(name, node, path.name == "__init__.py"):
            if isinstance(node, ast.ImportFrom):
                for alias in node.names:       # `from . import network` names a module
                    sub = f"{target}.{alias.name}"
                    out.add(sub if sub in known else target)
            else:
                out.add(target)
    out.discard(name)
    return out


def private_names_defined(tree):
    """Leading-underscore names a module defines: functions, classes, assignments, attributes set
    on ``self``/``cls``/any object, keyword-only parameters."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.keyword) and node.arg:
            names.add(node.arg)
    return {n for n in names if n.startswith("_")}


def is_private(name):
    # dunders (__init__) and IPython's sunder protocols (_repr_mimebundle_) are public by design
    return name.startswith("_") and not name.endswith("_")


def private_reaches(name, source, known, is_package=False):
    """Where module ``name`` (its ``source``) uses a private name another module defines."""
    tree = ast.parse(source)
    own = private_names_defined(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for target in resolve(name, node, is_package):
                for alias in node.names:
                    if is_private(alias.name) and f"{target}.{alias.name}" not in known:
                        found.append(f"{name}:{node.lineno} imports {alias.name} from {target}")
        elif isinstance(node, ast.Attribute) and is_private(node.attr) and node.attr not in own:
            if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
                continue
            found.append(f"{name}:{node.lineno} reads {ast.unparse(node)}")
    return found


def test_no_module_reaches_into_another_modules_private_names():
    known = modules()
    found = [r for n, p in known.items()
             for r in private_reaches(n, p.read_text(encoding="utf-8"), known, p.name == "__init__.py")]
    assert found == []


def test_the_private_name_check_finds_reaches():
    source = ("from .._plumbing import checks as _checks\nfrom ..graph import _SYMBOLS\n\n"
              "def f(net, _own=1):\n    _checks.rng(0)\n    net._cache = 1\n    return net._check_X, net._cache, _own\n")
    found = private_reaches("backproplab.plots.graph_diagram", source, modules())
    assert found == ["backproplab.plots.graph_diagram:2 imports _SYMBOLS from backproplab.graph",
                     "backproplab.plots.graph_diagram:7 reads net._check_X"]


@pytest.mark.parametrize("core", sorted(CORE))
def test_core_maths_never_imports_figures_widgets_lessons_or_publishing(core):
    known = modules()
    name = f"backproplab.{core}"
    if name not in known:
        pytest.fail(f"backproplab/{core.replace('.', '/')}.py does not exist: update CORE")
    bad = [m for m in imported_modules(name, known[name], known)
           if m.split(".")[1] in NOT_FOR_CORE]
    assert bad == [], f"{core} imports {bad}"


def test_no_circular_imports():
    known = modules()
    graph = {n: {m for m in imported_modules(n, p, known) if m in known} for n, p in known.items()}
    # A package's __init__ importing its own submodules is how a package shows its names; the
    # loops that matter are between modules.
    for n in graph:
        graph[n] = {m for m in graph[n] if not (known[n].name == "__init__.py" and m.startswith(n + "."))
                    and not (known[m].name == "__init__.py" and n.startswith(m + "."))}
    loops = []

    def visit(node, stack, done):
        for nxt in sorted(graph[node]):
            if nxt in stack:
                loops.append(" → ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt not in done:
                visit(nxt, stack + [nxt], done)
        done.add(node)

    done = set()
    for n in sorted(graph):
        if n not in done:
            visit(n, [n], done)
    assert loops == []


FLOORS = ("plumbing", "core", "shared", "lesson", "publish")


def floor(name):
    """Which floor module ``name`` stands on (see the module docstring)."""
    parts = name.split(".")
    top = parts[1] if len(parts) > 1 else ""
    if top in ("publish", "lab", "__main__"):
        return "publish"
    if top == "_plumbing":
        return "plumbing"
    if top == "lessons":
        return "lesson" if len(parts) > 2 else "shared"     # backproplab.lessons itself is a face
    if top in ("plots", "widgets", "exercises"):
        return "shared"
    return "core"


def lesson_of(name):
    """``lessonNN`` for a module of a lesson folder, else ``None``."""
    parts = name.split(".")
    return parts[2] if len(parts) > 2 and parts[1] == "lessons" else None


def floor_violations(name, path, known, source=None):
    """Where module ``name`` breaks the floors: an import from a higher floor, a lesson folder
    imported from outside it by anything but the publishing tools, one lesson folder importing another."""
    found = []
    for target in sorted(imported_modules(name, path, known, source)):
        if FLOORS.index(floor(target)) > FLOORS.index(floor(name)):
            found.append(f"{name} ({floor(name)}) imports {target} ({floor(target)})")
        elif lesson_of(target) and lesson_of(target) != lesson_of(name) and floor(name) != "publish":
            found.append(f"{name} imports {target}, another lesson's folder")
    return found


def test_the_floors_hold():
    known = modules()
    found = [v for n, p in known.items() for v in floor_violations(n, p, known)]
    assert found == []


@pytest.mark.parametrize("name, source, expected", [
    ("backproplab.plots.training", "from ..lessons.lesson05 import overfitting\n",
     ["backproplab.plots.training (shared) imports backproplab.lessons.lesson05.overfitting (lesson)"]),
    ("backproplab.exercises.registry", "import backproplab.lessons.lesson01.exercises\n",
     ["backproplab.exercises.registry (shared) imports backproplab.lessons.lesson01.exercises (lesson)"]),
    ("backproplab.network", "def f():\n    from .widgets import _base\n",
     ["backproplab.network (core) imports backproplab.widgets._base (shared)"]),
    ("backproplab.lessons.lesson09.practice", "from ..lesson05.overfitting import snapshot_losses\n",
     ["backproplab.lessons.lesson09.practice imports backproplab.lessons.lesson05.overfitting, another lesson's folder"]),
    ("backproplab.lessons.lesson05.figures", "from ...publish import images\n",
     ["backproplab.lessons.lesson05.figures (lesson) imports backproplab.publish.images (publish)"]),
    # allowed: a lesson's modules import each other and anything shared; publish imports any lesson
    ("backproplab.lessons.lesson05.explorer", "from .overfitting import OVERFIT\nfrom ...widgets._runs import ResumableRun\n", []),
    ("backproplab.publish.images", "from ..lessons.lesson01 import handworked\n", []),
])
def test_the_floor_check_finds_planted_violations(name, source, expected):
    known = modules()
    path = PACKAGE.joinpath(*name.split(".")[1:]).with_suffix(".py")
    assert floor_violations(name, path, known, source) == expected


def test_every_lesson_has_a_numbered_folder():
    folders = sorted(p.name for p in (PACKAGE / "lessons").iterdir() if p.is_dir() and p.name != "__pycache__")
    notebooks = sorted({p.name[:2] for p in (PACKAGE.parent / "notebooks").glob("[0-9][0-9]_*.ipynb")})
    assert folders == [f"lesson{n}" for n in notebooks]
    assert not [p.name for p in (PACKAGE / "lessons").glob("*.py") if p.name != "__init__.py"], \
        "lesson code lives in the lesson folders, not beside them"


def test_each_lesson_folder_lists_its_modules():
    """A lesson folder's ``__init__`` shows exactly the modules beside it (its face loads them on first use)."""
    for folder in sorted(p for p in (PACKAGE / "lessons").glob("lesson*") if p.is_dir()):
        tree = ast.parse((folder / "__init__.py").read_text(encoding="utf-8"))
        listed = next(ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign)
                      and any(isinstance(t, ast.Name) and t.id == "__all__" for t in n.targets))
        own = [p.stem for p in folder.glob("*.py") if p.name != "__init__.py"]
        own += [p.parent.name for p in folder.glob("*/__init__.py")]          # a module grown into a package
        assert sorted(listed) == sorted(own), folder.name


def is_explorer(name):
    """A lesson's explorer: the module ``lessonNN.explorer``, or a module of the package of that name."""
    return name.endswith(".explorer") or ".explorer." in name


def widget_imports(name, path, known, source=None):
    """The ipywidgets / backproplab.widgets / explorer imports of module ``name``."""
    tree = ast.parse(path.read_text(encoding="utf-8") if source is None else source)
    third_party = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    third_party |= {n.module.split(".")[0] for n in ast.walk(tree)
                    if isinstance(n, ast.ImportFrom) and n.level == 0 and n.module}
    ours = [m for m in imported_modules(name, path, known, source)
            if m.startswith("backproplab.widgets") or is_explorer(m)]
    return sorted(({"ipywidgets"} & third_party) | set(ours))


def test_lesson_helpers_never_need_widgets():
    """A lesson's recipe (XORSettings, DropoutSettings …) builds its network in a plain cell: the
    lesson's explorer builds on its computations, never the other way round."""
    known = modules()
    found = {name: widget_imports(name, path, known) for name, path in known.items()
             if lesson_of(name) and not is_explorer(name)}
    assert {name: bad for name, bad in found.items() if bad} == {}


def test_the_widget_check_finds_planted_imports():
    known = modules()
    name = "backproplab.lessons.lesson04.xor"
    path = PACKAGE / "lessons" / "lesson04" / "xor.py"
    source = "import ipywidgets as w\nfrom .explorer import XORExplorer\n"
    assert widget_imports(name, path, known, source) == ["backproplab.lessons.lesson04.explorer", "ipywidgets"]
