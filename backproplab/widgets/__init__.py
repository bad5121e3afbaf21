"""ipywidgets explorers. Each explorer exposes ``controls`` (name → widget) and ``output`` so
tests can drive it without a browser, and shows a static snapshot when there is no kernel.

The explorers load on first use, so ``import backproplab.widgets`` is cheap.
"""
import importlib

_WHERE = {"ActivationExplorer": "activation", "XORExplorer": "xor", "DropoutExplorer": "dropout",
          "StepThrough": "step_through", "OptimiserExplorer": "optimiser", "Playground": "playground"}
__all__ = list(_WHERE)


def __getattr__(name):
    if name in _WHERE:
        return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(f"module 'backproplab.widgets' has no attribute {name!r}")
