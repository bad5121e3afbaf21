"""Network(init=…): the starting weights' rules, each drawn from the network's seed."""
import math

import numpy as np
import pytest

from backproplab import Network
from backproplab.network import INIT_RULES

SIZES = [400, 300, 200]     # 120 000 and 60 000 weights: tight bounds on the sample variance


@pytest.mark.parametrize("init, variances", [
    ("uniform", [1 / 3, 1 / 3]),
    ("normal", [1.0, 1.0]),
    ("lecun", [1 / 400, 1 / 300]),
    ("glorot", [2 / 700, 2 / 500]),
    ("he", [2 / 400, 2 / 300]),
])
def test_each_layers_sample_variance_matches_the_rule(init, variances):
    net = Network(SIZES, init=init, seed=5)
    assert [INIT_RULES[init](a, b) for a, b in zip(SIZES, SIZES[1:])] == pytest.approx(variances, rel=1e-15)
    for w, var in zip(net.weights, variances):
        n = w.size
        # sd of a sample variance: sqrt(2/(n−1))·σ² for a normal, sqrt(4/(5(n−1)))·σ² for a uniform
        sd = var * math.sqrt((0.8 if init == "uniform" else 2.0) / (n - 1))
        assert abs(w.var(ddof=1) - var) < 5 * sd
        assert abs(w.mean()) < 5 * math.sqrt(var / n)
        # the shape of the law, not only its variance: normal rules have tails, the uniform none
        beyond = np.mean(np.abs(w) > 2 * math.sqrt(var))
        if init == "uniform":
            assert w.min() >= -1 and w.max() < 1 and beyond == 0.0
        else:
            assert abs(beyond - 0.0455) < 0.005             # P(|Z| > 2) = 0.0455
    assert all(np.all(b == 0) for b in net.biases)


def test_the_default_is_unchanged_bit_for_bit():
    rng = np.random.default_rng(11)
    expected = [2.0 * rng.random((3, 5)) - 1.0, 2.0 * rng.random((5, 2)) - 1.0]
    for net in (Network([3, 5, 2], seed=11), Network([3, 5, 2], seed=11, init="uniform")):
        for w, e in zip(net.weights, expected):
            np.testing.assert_array_equal(w, e)


def test_rules_draw_from_the_seed_or_generator_and_leave_it_where_training_continues():
    a = Network([4, 6, 1], init="he", seed=3)
    b = Network([4, 6, 1], init="he", seed=np.random.default_rng(3))
    rng = np.random.default_rng(3)
    expected = [rng.standard_normal((4, 6)) * math.sqrt(2 / 4), rng.standard_normal((6, 1)) * math.sqrt(2 / 6)]
    for x, y, e in zip(a.weights, b.weights, expected):
        np.testing.assert_array_equal(x, e)
        np.testing.assert_array_equal(y, e)
    assert a._rng.bit_generator.state == rng.bit_generator.state
    assert not np.array_equal(Network([4, 6, 1], init="lecun", seed=3).weights[0], a.weights[0])


@pytest.mark.parametrize("init, exc, pattern", [
    ("xavier", ValueError, r"unknown init 'xavier'; expected one of \['glorot', 'he', 'lecun', 'normal', 'uniform'\]"),
    ("He", ValueError, r"unknown init 'He'"),
    (None, TypeError, r"init must be a string, one of .*got None"),
    (2, TypeError, r"init must be a string"),
])
def test_bad_init_names_the_argument(init, exc, pattern):
    with pytest.raises(exc, match=pattern):
        Network([2, 3, 1], init=init)
