"""How every package of backproplab shows its names: one table, loaded on first use (PEP 562).

A package face is a table ``{public_name: "dotted.module"}`` or ``{public_name: "dotted.module:attribute"}``
(a leading dot is relative to the package). :func:`package_face` turns it into the package's
``__getattr__`` and ``__dir__``:

* ``package.name`` imports the module (or the module and reads the attribute) the first time it is
  asked for, then keeps it in the package's namespace, so ``import backproplab`` stays light;
* a name whose target is a module is also an **import path**: ``import package.name`` and
  ``from package.name import x`` give that very module object (a module alias, served by one finder
  on ``sys.meta_path``). This is how the paths of code that moved keep working as real imports, e.g.
  ``backproplab.lessons.xor`` → ``backproplab.lessons.lesson04.xor``;
* ``re_export`` names modules whose whole ``__all__`` the package shows as well (``bp.plots.draw_network``),
  read when first needed, so such a module can add a name without touching the table;
* ``moved`` is a second table of the same kind for old paths that still work but are no longer
  advertised: they are left out of ``__all__`` and ``dir()``.

``package.__all__`` is the table's public names (plus the re-exported ones), computed on first use
unless the package defines its own. The targets are strings, not imports: the layering test
(``tests/core/test_architecture.py``) reads imports only, so a shared package may point an old path
at a lesson folder without depending on it.
"""
from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys

__all__ = ["package_face", "submodules"]


class _AliasLoader(importlib.abc.Loader):
    """Loads a module alias by importing its target and handing back that same module object."""

    def __init__(self, target: str):
        self.target = target
        self._target_spec = None

    def create_module(self, spec):
        module = importlib.import_module(self.target)
        self._target_spec = module.__spec__
        return module

    def exec_module(self, module):
        # importlib has just set module.__spec__ to the alias's spec; the module keeps its own, so
        # that reload, pickle and tracebacks still name where the code lives.
        module.__spec__ = self._target_spec


class _AliasFinder(importlib.abc.MetaPathFinder):
    """The one finder for every module alias of the package: ``{alias: target}``."""

    def __init__(self):
        self.aliases: dict[str, str] = {}

    def find_spec(self, fullname, path=None, target=None):
        where = self.aliases.get(fullname)
        if where is None:
            return None
        return importlib.machinery.ModuleSpec(fullname, _AliasLoader(where))


def _finder() -> _AliasFinder:
    for finder in sys.meta_path:
        if type(finder).__name__ == "_AliasFinder" and type(finder).__module__ == __name__:
            return finder
    finder = _AliasFinder()
    sys.meta_path.insert(0, finder)   # first, so an alias cannot be shadowed by a stray old file
    return finder


def _split(target: str, package: str) -> tuple[str, str | None]:
    module, _, attribute = target.partition(":")
    return importlib.util.resolve_name(module, package), attribute or None


def _check_table(argument: str, table) -> dict:
    if not isinstance(table, dict):
        raise TypeError(f"{argument} must be a dict {{name: 'module' or 'module:attribute'}}, got {type(table).__name__}")
    for name, target in table.items():
        if not (isinstance(name, str) and name.isidentifier()) or not isinstance(target, str) or not target:
            raise ValueError(f"{argument} must map identifiers to 'module' or 'module:attribute' strings, "
                             f"got {name!r}: {target!r}")
    return dict(table)


def package_face(package: str, names: dict, *, moved: dict | None = None, re_export=()):
    """``(__getattr__, __dir__)`` for the package called ``package``.

    ``names``: ``{public_name: "module" | "module:attribute"}``, the package's public face (in
    ``__all__``); ``moved``: the same for old paths kept working but not advertised; ``re_export``:
    modules whose ``__all__`` the package shows too. A name that targets a module other than
    ``package.name`` itself becomes an import alias (see the module docstring).
    """
    if not isinstance(package, str) or not package:
        raise TypeError(f"package must be the package's dotted name (a str), got {package!r}")
    public, hidden = _check_table("names", names), _check_table("moved", moved or {})
    table = {name: _split(target, package) for name, target in {**hidden, **public}.items()}
    re_export = tuple(importlib.util.resolve_name(m, package) for m in re_export)
    finder = _finder()
    for name, (module, attribute) in table.items():
        if attribute is None and module != f"{package}.{name}":
            finder.aliases[f"{package}.{name}"] = module

    def exported():
        """Every re-exported name → the module that holds it (first module wins, as star imports did)."""
        out = {}
        for module in re_export:
            for name in importlib.import_module(module).__all__:
                out.setdefault(name, module)
        return out

    def __getattr__(name):
        if name == "__all__":
            return [*public, *(n for n in exported() if n not in public)]
        if name in table:
            module, attribute = table[name]
            value = importlib.import_module(module)
            value = value if attribute is None else getattr(value, attribute)
        elif re_export and not name.startswith("_") and name in (where := exported()):
            # (a private or IPython probe such as _repr_html_ never loads the re-exported modules)
            value = getattr(importlib.import_module(where[name]), name)
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        setattr(sys.modules[package], name, value)     # asked once: later reads skip __getattr__
        return value

    def __dir__():
        module = sys.modules[package]
        return sorted(set(vars(module)) | set(getattr(module, "__all__", ())) | set(public))

    return __getattr__, __dir__


def submodules(package: str, names):
    """``(__getattr__, __dir__)`` that import ``package.<name>`` on first use, for each of ``names``:
    :func:`package_face` with a table of the package's own submodules."""
    return package_face(package, {name: f".{name}" for name in names})
