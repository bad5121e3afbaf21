"""ipywidgets explorers. Each explorer exposes ``controls`` (name → widget) and ``output`` so
tests can drive it without a browser, and shows a static snapshot when there is no kernel.

What several lessons share lives here: the explorer bases (``_base``, ``_runs``) and the step-through
(lessons 1 and 2). A lesson's own explorer lives in its folder (``backproplab/lessons/lesson04/explorer.py``
…, lesson 10's playground the package ``backproplab/lessons/lesson10/explorer/``); this package shows
every explorer under its old name, and ``backproplab.widgets.xor`` & co. stay import paths of those
modules. Everything loads on first use, so ``import backproplab.widgets`` is cheap.
"""
from .._plumbing.face import package_face

__getattr__, __dir__ = package_face(__name__, {
    "ActivationExplorer": "..lessons.lesson03.explorer:ActivationExplorer",
    "XORExplorer": "..lessons.lesson04.explorer:XORExplorer",
    "DropoutExplorer": "..lessons.lesson05.explorer:DropoutExplorer",
    "StepThrough": ".step_through:StepThrough",
    "OptimiserExplorer": "..lessons.lesson09.explorer:OptimiserExplorer",
    "Playground": "..lessons.lesson10.explorer:Playground",
}, moved={   # where the lesson explorers lived before the lesson folders
    "activation": "..lessons.lesson03.explorer", "xor": "..lessons.lesson04.explorer",
    "dropout": "..lessons.lesson05.explorer", "optimiser": "..lessons.lesson09.explorer",
    "playground": "..lessons.lesson10.explorer",
})
