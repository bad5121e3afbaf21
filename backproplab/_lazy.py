"""Submodules a package loads on first use (PEP 562), so importing the package stays light."""
import importlib


def submodules(package: str, names):
    """``(__getattr__, __dir__)`` for the package ``package`` that import ``package.<name>`` for each
    of ``names`` when first asked for it."""
    names = tuple(names)

    def __getattr__(name):
        if name in names:
            return importlib.import_module(f".{name}", package)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__():
        module = importlib.import_module(package)
        return sorted(set(vars(module)) | set(getattr(module, "__all__", ())) | set(names))

    return __getattr__, __dir__
