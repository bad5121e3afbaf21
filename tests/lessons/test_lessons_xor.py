"""backproplab.lessons.xor: lesson 4's settings build the network without ipywidgets or matplotlib."""
import subprocess
import sys

import numpy as np
import pytest

from backproplab import Network
from backproplab.datasets import xor
from backproplab.lessons.xor import HIDDEN_ACTIVATIONS, XORSettings


def test_the_recipe_is_the_classic_network():
    s = XORSettings()
    net = s.network()
    assert (s.layer_sizes, s.activations) == ([3, 4, 1], ["sigmoid", "sigmoid"])
    classic = Network([3, 4, 1], bias=False, seed=1)
    for w, w_classic in zip(net.weights, classic.weights):
        np.testing.assert_array_equal(w, w_classic)
    deep = XORSettings(hidden=2, layers=3, activation="tanh").network()
    assert deep.layer_sizes == [3, 2, 2, 2, 1] and deep.biases is None
    assert [a.name for a in deep.activations] == ["tanh", "tanh", "tanh", "sigmoid"]
    X, y = xor()
    assert np.isfinite(net.fit(X, y, epochs=10, lr=s.lr).loss).all()


def test_settings_are_checked():
    with pytest.raises(ValueError, match=r"hidden must be in \[1, 16\]"):
        XORSettings(hidden=17)
    with pytest.raises(ValueError, match="unknown activation"):
        XORSettings(activation="softmax")
    assert set(HIDDEN_ACTIVATIONS) == {"sigmoid", "tanh", "relu", "leaky_relu"}


def test_importing_the_recipe_loads_no_widgets_or_figures():
    code = ("import sys, backproplab.lessons.xor as m; m.XORSettings().network(); "
            "print(any(k.split('.')[0] in ('ipywidgets', 'matplotlib') for k in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
