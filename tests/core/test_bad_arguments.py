"""The smaller bad-argument cases of issue #16: each a clear error naming the argument."""
import warnings

import numpy as np
import pytest

import backproplab as bp
from backproplab import Network
from backproplab.exercises import check

X = np.array([[0, 0, 1], [0, 1, 1]], dtype=float)
Y = np.array([[0], [1]], dtype=float)


@pytest.fixture
def trace():
    return Network([3, 2, 1], seed=0).train_step(X, Y, lr=0.5)


def test_trace_lookup_errors(trace):
    with pytest.raises(KeyError, match="no quantity 'z_Q'"):
        trace["z_Q"]
    with pytest.raises(TypeError, match="indexed by a quantity's name"):
        trace[3]


@pytest.mark.parametrize("precision, exc", [(-1, ValueError), (None, TypeError), (True, TypeError), (2.5, TypeError)])
def test_explain_precision(trace, precision, exc):
    with pytest.raises(exc, match="precision must be"):
        trace.explain(precision=precision)


@pytest.mark.parametrize("lr", [float("inf"), float("-inf")])
def test_infinite_rate(lr):
    with pytest.raises(ValueError, match=r"lr must be a finite number, got -?inf"):
        Network([3, 1]).train_step(X, Y, lr=lr)


def test_names_with_commas_are_refused():
    with pytest.raises(ValueError, match="names must be non-empty, without commas"):
        Network([2, 1], names=[["a,b", "c"], ["d"]])


def test_exercise_answers():
    assert "finite number" in check("o_E", 10**400).message
    assert "should be a number, got False" in check("o_E", False).message
    assert not check("o_E", False)


with warnings.catch_warnings():        # numpy warns on making an np.matrix; refusing one is the test
    warnings.simplefilter("ignore", PendingDeprecationWarning)
    _MATRIX = np.matrix([[0, 0, 1]])


@pytest.mark.parametrize("value, exc, pattern", [
    (_MATRIX, TypeError, r"X must be an array, got numpy.matrix"),
    (np.ma.masked_array([[0, 0, 1.0]], mask=[[0, 1, 0]]), TypeError, r"X must be a plain array, got a masked array"),
    (np.array([[1, 2, 3]], dtype="timedelta64[s]"), TypeError, r"X must contain real numbers, got times or durations"),
])
def test_array_lookalikes(value, exc, pattern):
    with pytest.raises(exc, match=pattern):
        Network([3, 1]).forward(value)


def test_dropout_explorer_with_one_sample():
    from backproplab.widgets import DropoutExplorer
    one = np.array([[0.0, 1.0]])
    with pytest.raises(ValueError, match="X_train and X_test together must spread along both axes"):
        DropoutExplorer(data=(one, one, [1.0], [0.0]))


def test_huge_integer_for_a_real_argument():
    with pytest.raises(ValueError, match="lr must be a finite number, got an integer with 401 digits"):
        Network([3, 1]).train_step(X, Y, lr=10**400)


def test_gradcheck_h_and_rel_error_shapes():
    with pytest.raises(ValueError, match="h must be > 0.0"):
        bp.gradcheck.numerical_gradient(lambda v: 0.0, np.ones(2), h=0)
