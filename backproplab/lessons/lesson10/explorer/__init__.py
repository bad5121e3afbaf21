r"""Playground: TensorFlow-Playground-style exploration on 2-D data, with the numbers of any step
one selection away (lesson 10).

A network of the package's own :class:`~backproplab.network.Network` learns one of the six sets of
:func:`backproplab.datasets.playground` from input features of :mod:`backproplab.features`. The
figure draws, as the Playground does, every input feature and every neuron as a small heat map of its
own output over the plane $[-6, 6]^2$, the weights as lines (width $\propto |w|$, blue positive,
orange negative), the output's surface large with the points, and the train and test loss per epoch.
Select a neuron or a weight and the readout shows the numbers of the most recent training step for
it — $z$, $o$, $\delta$, $\partial E/\partial w$ and the update — from that step's
:class:`~backproplab.trace.StepTrace`: its records, in its notation (``o_h1.0``, ``w_x₁,h1.0``, λ₂),
formulas as ``trace.explain()`` writes them.

The rooms, one job each:

* :mod:`.settings` — the settings' ranges and menus, :data:`DEFAULTS`, their check, the challenges;
* :mod:`.training` — the points, the network built from the settings, an epoch (fit on all batches
  but the last, a traced :meth:`~backproplab.network.Network.train_step` on the last);
* :mod:`.picture` — the figure: network maps and weights, output surface and points, loss curves;
* :mod:`.readout` — the selection's numbers, rendered from the trace's records;
* :mod:`.controls` — the ipywidgets controls, the settings they show, their wiring;
* :mod:`.view` — the rows, the picture and read-out widgets, the busy state;
* :mod:`.playground` — the :class:`Playground` that composes them.

Headless use (tests, ``bench/playground_latency.py``)::

    pg = Playground()
    pg.step(5)                      # five epochs, then redraw
    pg.select(1, 0)                 # hidden layer 1, unit 0 (units count from 0, top first)
    print(pg.selection_text())
    pg.set(features=("x1^2", "x2^2"), hidden=())
"""
# The old module's other public names stay importable from here (bench/playground_latency.py takes
# PLAY_INTERVAL_MS); ``__all__`` keeps the five it always listed.
from .controls import NONE, PLAY_INTERVAL_MS  # noqa: F401
from .picture import (BLUE, CMAP, DPI, FIG_HEIGHT, FIG_WIDTH, FONT_PT, HALF, LOSS_BOX, LOSS_REGION, MAP_HALF,  # noqa: F401
                      MAP_LUT, NET_BOX, NET_REGION, ORANGE, OUT_BOX, PNG_COLOURS, RESOLUTION, SURFACE_LUT)
from .playground import Playground
from .settings import (ACTIVATIONS, BATCH_RANGE, DEFAULTS, DROPOUT_RANGE, LEARNING_RATES,  # noqa: F401
                       MAX_LAYERS, MAX_NEURONS, NOISE_RANGE, REG_RATES, REGULARISERS, TRAIN_FRACTION_RANGE)
from .training import MAX_EPOCHS_PER_FRAME, N_POINTS, STEPS_PER_FRAME  # noqa: F401

__all__ = ["Playground", "DEFAULTS", "ACTIVATIONS", "LEARNING_RATES", "REG_RATES"]
