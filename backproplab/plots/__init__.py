"""Matplotlib figures (no Graphviz). What several lessons draw lives here — network diagrams
(``network_diagram``), loss curves and decision surfaces (``training``), computational graphs
(``graph_diagram``), projector-sized figures (``style``) — and is shown here by name, so lessons
write ``backproplab.plots.draw_network(...)``. A lesson's own figures live in its folder
(``backproplab/lessons/lesson05/figures.py`` …); their functions and old module paths
(``backproplab.plots.regularisation_plots`` …) still answer here. Modules load on first use.
"""
from .._plumbing.face import package_face

_LESSON_FIGURES = {   # lesson folder → the names its figures.py had on this package
    "..lessons.lesson03.figures": ("activation_labels", "plot_activation", "plot_activation_grid", "plot_gradient_norms"),
    "..lessons.lesson05.figures": ("plot_dropout_step", "plot_mask_average", "plot_seed_survey", "plot_split",
                                   "plot_train_test", "plot_boundaries", "plot_penalties", "plot_weight_histograms",
                                   "TRAIN_COLOUR", "TEST_COLOUR"),
    "..lessons.lesson06.figures": ("plot_step_size_errors",),
    "..lessons.lesson09.figures": ("plot_gradient_arrows", "plot_descent_paths", "plot_layer_spread"),
}

_SHARED = ("network_diagram", "training", "graph_diagram", "style")

__getattr__, __dir__ = package_face(
    __name__, {name: f".{name}" for name in _SHARED},
    re_export=tuple(f".{name}" for name in _SHARED),
    moved={"activation_plots": "..lessons.lesson03.figures", "regularisation_plots": "..lessons.lesson05.figures",
           "gradcheck_plots": "..lessons.lesson06.figures", "practice_plots": "..lessons.lesson09.figures",
           **{name: f"{module}:{name}" for module, names in _LESSON_FIGURES.items() for name in names}})
