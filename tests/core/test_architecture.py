"""The package's layout rules, checked on its source (an AST walk, nothing is imported):

* no module reaches into another module's private names (``net._check_X``, ``graph._SYMBOLS``):
  package-private *modules* (``_checks``, ``_format`` …) are fine, their names are public to the package;
* the core maths never imports figures, widgets, lesson helpers, exercises or publishing tools;
* no two modules import each other, directly or round a longer loop.
"""
import ast
import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "backproplab"
CORE = {"activations", "losses", "regularisers", "backprop", "network", "training", "persistence", "construction",
        "trace",
        "gradcheck", "datasets",
        "tables", "blas", "graph", "gates", "progress", "_checks", "_format", "_npz"}
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


def imported_modules(name, path, known):
    """Every backproplab module ``name`` imports, at any depth of its code (lazy imports count)."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
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
    source = ("from .. import _checks\nfrom ..graph import _SYMBOLS\n\n"
              "def f(net, _own=1):\n    _checks.rng(0)\n    net._cache = 1\n    return net._check_X, net._cache, _own\n")
    found = private_reaches("backproplab.plots.graph_diagram", source, modules())
    assert found == ["backproplab.plots.graph_diagram:2 imports _SYMBOLS from backproplab.graph",
                     "backproplab.plots.graph_diagram:7 reads net._check_X"]


@pytest.mark.parametrize("core", sorted(CORE))
def test_core_maths_never_imports_figures_widgets_lessons_or_publishing(core):
    known = modules()
    name = f"backproplab.{core}"
    if name not in known:
        pytest.skip(f"{core}.py does not exist")
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


def test_lesson_helpers_never_need_widgets():
    """A lesson's recipe (XORSettings, DropoutSettings …) builds its network in a plain cell: the
    widgets build on the lessons, never the other way round."""
    known = modules()
    for name, path in known.items():
        if not name.startswith("backproplab.lessons"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        third_party = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        third_party |= {n.module.split(".")[0] for n in ast.walk(tree)
                        if isinstance(n, ast.ImportFrom) and n.level == 0 and n.module}
        assert "ipywidgets" not in third_party, name
        assert not [m for m in imported_modules(name, path, known) if m.startswith("backproplab.widgets")], name
