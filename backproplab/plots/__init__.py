"""Matplotlib figures for the lessons (no Graphviz). Each module draws one kind of figure;
everything public is re-exported here, so lessons write ``backproplab.plots.draw_network(...)``."""
from .network_diagram import *    # noqa: F401,F403  (lesson 1: network diagrams)
from .activation_plots import *   # noqa: F401,F403  (lesson 3: activations and their derivatives)
from .training import *           # noqa: F401,F403  (lessons 4-5: loss curves, decision surfaces)
from .gradcheck_plots import *   # noqa: F401,F403  (lesson 6: finite-difference error vs h)
from .graph_diagram import *     # noqa: F401,F403  (lesson 6: computational graphs)
from .regularisation_plots import *  # noqa: F401,F403  (lesson 5: dropout, L1/L2)
from .practice_plots import *    # noqa: F401,F403  (lesson 9: gradient arrows, descent paths, start spread)
from .style import *              # noqa: F401,F403  (lecture_style: projector-sized figures)
