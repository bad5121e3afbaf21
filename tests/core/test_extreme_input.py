"""Issue 37, third item: no warning escapes a public function for finite input, sizes are bounded
before anything is allocated, and a refused argument is named.

Every test here runs with warnings as errors (a NumPy RuntimeWarning, a ComplexWarning or a
DeprecationWarning fails it). The first part is one test per call the issue lists (each failed on
the code before this change: a warning, inf or NaN returned, a raw AttributeError/OverflowError,
or numpy's MemoryError); the second is a hypothesis property over the public data, feature,
activation, loss and gradcheck functions: *finite input → a finite result, or a ValueError/TypeError
whose message names one of the arguments*.
"""
import re
import time
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings, strategies as st
from hypothesis.extra import numpy as hnp

import backproplab as bp
from backproplab import activations, backprop, datasets, features, gradcheck, losses, regularisers
from backproplab.autograd.graph import Var

pytestmark = pytest.mark.filterwarnings("error")

FLOAT64_MAX = np.finfo(np.float64).max
WIDE = np.longdouble if np.finfo(np.longdouble).max > FLOAT64_MAX else None   # float128 where it exists


def names(arg):
    """A regex: the message starts with the argument's name (the package's wording), or names it."""
    return rf"(^|\b){re.escape(arg)}\b"


# ------------------------------------------------------------------ "Warnings escape for finite input"
def test_feature_map_refuses_a_square_beyond_float64_instead_of_inf():
    with pytest.raises(ValueError, match=r"^X holds numbers too large for the feature 'x1\^2'"):
        features.feature_map(np.full((3, 2), 1e200), ["x1^2"])
    out = features.feature_map(np.full((3, 2), 1e200), ["x1", "sin(x1)"])    # these are finite
    assert np.isfinite(out).all() and out[0, 0] == 1e200


@pytest.mark.parametrize("name", ["circle", "xor", "plane", "multigauss"])
def test_playground_target_far_away_is_the_finite_limit(name):
    X = np.array([[1e200, 1e200], [-1e308, 1e308], [1e308, 1e308]])
    y = datasets.playground_target(name, X)
    expected = {"circle": [0, 0, 0], "xor": [1, 0, 1], "plane": [1, 0, 1], "multigauss": [0, 0, 0]}[name]
    np.testing.assert_array_equal(y, expected)


@pytest.mark.parametrize("make", [lambda: datasets.spiral(noise=1e308), lambda: datasets.moons(noise=1e308)])
def test_noise_beyond_max_noise_is_refused(make):
    with pytest.raises(ValueError, match=r"^noise must be in \[0.0, 1000000.0\], got 1e\+308"):
        make()
    X, _ = datasets.spiral(n_per_class=5, noise=datasets.MAX_NOISE)
    assert np.isfinite(X).all()


def test_one_hot_of_a_label_without_an_int64_is_refused():
    with pytest.raises(ValueError, match=r"^labels is too large: 1 one-hot rows of max\(labels\) \+ 1 = 1e\+20"):
        datasets.one_hot([1e20])


def test_log_softmax_is_finite_for_entries_further_apart_than_the_float_range():
    out = activations.log_softmax([-1e308, 1e308])
    np.testing.assert_array_equal(out, [-FLOAT64_MAX, 0.0])
    assert np.exp(out).sum() == 1.0
    np.testing.assert_allclose(activations.log_softmax([[1.0, 2.0, 3.0]]),           # unchanged elsewhere
                               np.log(activations.softmax(np.array([[1.0, 2.0, 3.0]]))), rtol=1e-15)


def test_a_loss_beyond_float64_is_refused_naming_o():
    with pytest.raises(ValueError, match=r"^o gives a value of loss 'sse' that is not a finite number"):
        losses.sse.value(np.full((2, 2), 1e308), 0)
    with pytest.raises(ValueError, match=r"^o gives a value of loss 'bce'.*probabilities"):
        losses.bce.value([[2.0]], [[0.5]])                   # ln of a negative number
    with pytest.raises(ValueError, match=r"^t must have the shape of o, \(2, 2\)"):
        losses.half_sse.value(np.zeros((2, 2)), np.zeros(3))
    assert losses.sse.value(np.full((2, 2), 1e150), 0) == pytest.approx(4e300)


def test_step_size_errors_near_exps_overflow_names_f():
    with pytest.raises(ValueError, match=r"f \(or a difference of its values\) is not finite near x = 709\.7"):
        gradcheck.step_size_errors(np.exp, 709.7, 1.0)
    with pytest.raises(ValueError, match=r"^f overflowed at x"):          # Python's own OverflowError
        gradcheck.step_size_errors(lambda x: x ** 3, 1e200, 1.0)
    with pytest.raises(ValueError, match=r"^hs must keep x ± h finite"):
        gradcheck.step_size_errors(np.sin, 1e308, 1.0, hs=[1e308])
    hs, fwd, cen = gradcheck.step_size_errors(np.exp, 1.0, np.e)
    assert np.isfinite(fwd).all() and np.isfinite(cen).all() and cen.min() < 1e-9


@pytest.mark.skipif(WIDE is None, reason="this platform's longdouble is float64")
def test_wide_floats_cast_silently_within_float64_and_are_refused_beyond():
    net = bp.Network([2, 3, 1], seed=0)
    inside = np.array([[1.5, -2.25]], dtype=WIDE)
    np.testing.assert_array_equal(net.forward(inside), net.forward(inside.astype(np.float64)))
    tiny = np.array([[WIDE("1e-4000"), 1.0]])                  # below float64's subnormals: 0, silently
    np.testing.assert_array_equal(net.forward(tiny), net.forward([[0.0, 1.0]]))
    beyond = np.array([[WIDE("1e400"), 0.0]])
    with pytest.raises(ValueError, match=r"^X must hold numbers within float64's range .* at index \(0, 0\)"):
        net.forward(beyond)
    with pytest.raises(ValueError, match=r"^y must hold numbers within float64's range"):
        net.fit([[0.0, 1.0]], np.array([[WIDE("-1e4000")]]), lr=0.5, epochs=1)
    with pytest.raises(ValueError, match=r"^value must be a finite number, got .*beyond float64's range"):
        Var(WIDE("1e400"))


# ------------------------------------------------------------------ "No size limits"
SIZE_CASES = [
    ("n", lambda: datasets.moons(n=10**9)),
    ("labels", lambda: datasets.one_hot([10**9])),
    ("classes", lambda: datasets.spiral(classes=10**8)),
    ("n_per_class", lambda: datasets.spiral(n_per_class=10**9)),
    ("classes", lambda: datasets.one_hot([0, 1], classes=10**9)),
    ("n", lambda: datasets.playground("circle", n=10**9)),
    ("steps", lambda: bp.Network([4, 4, 1], dropout=0.5).draw_masks(4, steps=10**12)),
    ("n_samples", lambda: bp.Network([4, 4, 1], dropout=0.5).draw_masks(10**12)),
    ("shape", lambda: regularisers.draw_masks((10**6, 10**6), 0.5, 0)),
    ("p", lambda: activations.softmax_jacobian(np.full((100, 10**4), 1e-4))),
    ("hs", lambda: gradcheck.step_size_errors(np.sin, 0.0, 1.0, hs=np.ones(gradcheck.MAX_STEPS + 1))),
]


@pytest.mark.parametrize("arg, call", SIZE_CASES, ids=[f"{i}-{a}" for i, (a, _) in enumerate(SIZE_CASES)])
def test_an_oversized_request_is_refused_before_allocating(arg, call):
    start = time.perf_counter()
    with pytest.raises(ValueError, match=rf"^{arg} is too large: .* more than the limit of 1e\+0[68]"):
        call()
    assert time.perf_counter() - start < 2.0          # refused up front, not after drawing


def test_limits_are_the_named_constants():
    assert datasets.MAX_VALUES == regularisers.MAX_VALUES == 10**8
    X, y = datasets.moons(n=datasets.MAX_VALUES // 2 // 1000, seed=1)    # a large set is still fine
    assert X.shape == (50_000, 2)
    with pytest.raises(ValueError, match=r"^n is too large"):
        datasets.moons(n=datasets.MAX_VALUES // 2 + 1)


def test_spiral_is_unchanged_by_drawing_all_arms_at_once():
    # the arms used to be drawn one at a time; the vectorised draw must give the same numbers
    rng = np.random.default_rng(7)
    X, labels = datasets.spiral(n_per_class=9, classes=4, noise=0.3, seed=7)
    r = np.arange(1, 10) / 9
    for k in range(4):
        theta = 2.0 * np.pi * k / 4 + 4.0 * r + rng.normal(0.0, 0.3, 9)
        np.testing.assert_array_equal(X[k * 9:(k + 1) * 9], r[:, None] * np.column_stack([np.sin(theta), np.cos(theta)]))
    np.testing.assert_array_equal(labels, np.repeat(np.arange(4), 9))


# ------------------------------------------------------------------ "Messages that do not name the argument"
def read_only(a):
    a.setflags(write=False)
    return a


NAMED_CASES = [
    (TypeError, "z", lambda: activations.sigmoid(1 + 2j)),
    (TypeError, "z", lambda: activations.sigmoid("a")),
    (TypeError, "z", lambda: activations.relu.derivative(["a"])),
    (TypeError, "z", lambda: activations.softmax(np.array([1 + 1j, 2]))),
    (TypeError, "z", lambda: activations.log_softmax("a")),
    (ValueError, "z", lambda: activations.log_softmax([])),
    (ValueError, "z", lambda: activations.log_softmax(1.0)),
    (ValueError, "z", lambda: activations.softmax(np.zeros((3, 0)))),
    (TypeError, "p", lambda: activations.softmax_jacobian("a")),
    (ValueError, "p", lambda: activations.softmax_jacobian([])),
    (ValueError, "p", lambda: activations.softmax_jacobian(1.0)),
    (TypeError, "net", lambda: gradcheck.check_network("net", [[0.0, 0.0]], [[0.0]])),
    (TypeError, "net", lambda: gradcheck.worst_entry(None, [[0.0, 0.0]], [[0.0]])),
    (TypeError, "net", lambda: gradcheck.gradient_errors(5, [[0.0, 0.0]], [[0.0]])),
    (TypeError, "f", lambda: gradcheck.numerical_gradient(5, np.zeros(2))),
    (TypeError, "f", lambda: gradcheck.numerical_gradient(lambda x: x, np.zeros(2))),
    (ValueError, "x", lambda: gradcheck.numerical_gradient(np.sum, read_only(np.zeros(2)))),
    (ValueError, "h", lambda: gradcheck.numerical_gradient(np.sum, np.full(2, 1e308), h=1e308)),
    (TypeError, "path", lambda: bp.Network([2, 1]).save(None)),
    (TypeError, "path", lambda: bp.Network([2, 1]).save(5)),
    (ValueError, "l2", lambda: regularisers.penalty([np.ones((2, 2))], l2=-1, l1=0)),
    (ValueError, "l1", lambda: regularisers.penalty_grad(np.ones((2, 2)), l2=0.0, l1=-0.5)),
    (TypeError, "l2", lambda: regularisers.penalty([np.ones((2, 2))], l2="0.1", l1=0)),
    (ValueError, "value", lambda: Var(10**400)),
    (ValueError, "precision", lambda: __import__("backproplab").graph.explain_backward(Var(1.0) * 2, 10**9)),
    (TypeError, "a_prev", lambda: backprop.net_input("ab", [[1.0]])),
    (TypeError, "delta", lambda: backprop.grad_W([[1.0]], [["x"]])),
]


@pytest.mark.parametrize("error, arg, call", NAMED_CASES, ids=[f"{i}-{a}" for i, (_, a, _) in enumerate(NAMED_CASES)])
def test_a_refused_argument_is_named(error, arg, call):
    with pytest.raises(error, match=names(arg)):
        call()


def test_regularisers_do_not_warn():
    # penalty and penalty_grad stay silent (a Network reports their overflow as NonFiniteError);
    # inverted_dropout refuses a kept entry that its scale would push beyond float64
    assert regularisers.penalty([np.full((2, 2), 1e200)], 1.0, 0.0) == np.inf
    assert np.isinf(regularisers.penalty_grad(np.full((2, 2), 1e300), 1e10, 0.0)).all()
    np.testing.assert_array_equal(regularisers.penalty_grad(np.full(2, 1.7e308), 1.0, 1.0), [1.7e308] * 2)
    with pytest.raises(ValueError, match=r"^a is too large for dropout's scale 1/\(1 − p\) = 10"):
        regularisers.inverted_dropout(np.full(2, 1e308), np.ones(2), 0.9)


def test_network_penalty_still_refuses_what_it_did():
    # regularisers.penalty's fast path (plain floats ≥ 0) must not let a bad rate through a Network
    with pytest.raises(ValueError, match=r"\bl2\b"):
        bp.Network([2, 2, 1], seed=0).gradients([[0.0, 1.0]], [[1.0]], l2=-1.0)


def test_var_overflows_are_value_errors_and_overflow_errors():
    y = Var(1e-200) ** -1                      # the value 1e200 is fine; its local gradient is not
    assert y.value == pytest.approx(1e200)
    with pytest.raises(bp.NonFiniteError, match=r"is -inf: a local gradient on the way is infinite"):
        y.backward()
    for call in (lambda: Var(1e308) * 10, lambda: Var(1000.0).exp(), lambda: Var(10.0) ** 400):
        with pytest.raises(ValueError, match="too large for a float") as info:
            call()
        assert isinstance(info.value, OverflowError)


def test_backprop_functions_take_lists_as_their_docstring_promises():
    # backprop's functions are public API (issue 32 kept them in __all__): lists are converted
    np.testing.assert_array_equal(backprop.net_input([[1, 2]], [[1], [2]], [0.5]), [[5.5]])
    np.testing.assert_array_equal(backprop.grad_W([[1, 2]], [[3]]), [[3.0], [6.0]])
    np.testing.assert_array_equal(backprop.grad_b([[1, 2], [3, 4]]), [4.0, 6.0])


# ------------------------------------------------------------------ the property
finite = st.floats(allow_nan=False, allow_infinity=False, width=64)
small_ints = st.integers(-3, 40)
sizes = st.one_of(small_ints, st.sampled_from([10**8, 10**9, 10**12, 2**63]))
seeds = st.one_of(st.integers(0, 2**32), st.integers(-3, -1))


def arrays(min_dims=0, max_dims=3, elements=finite):
    shapes = hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=0, max_side=4)
    return hnp.arrays(np.float64, shapes, elements=elements)


def points(cols=2):
    return hnp.arrays(np.float64, st.tuples(st.integers(0, 5), st.just(cols)), elements=finite)


labels = st.one_of(hnp.arrays(np.int64, st.integers(0, 5), elements=st.integers(0, 20)),
                   hnp.arrays(np.float64, st.integers(0, 5), elements=finite),
                   st.lists(st.integers(-2, 10**12), max_size=4))

SCALAR_FS = {"exp": np.exp, "sin": np.sin, "tanh": np.tanh, "cube": lambda x: x ** 3,
             "square_sum": lambda x: float(np.sum(x * x)), "log1p_abs": lambda x: float(np.sum(np.log1p(np.abs(x))))}
scalar_fs = st.sampled_from(sorted(SCALAR_FS)).map(SCALAR_FS.get)
NET = bp.Network([2, 3, 1], seed=3)

# name → (the call's argument names, a strategy of its keyword arguments, the function)
CALLS = {
    "moons": (st.fixed_dictionaries({"n": sizes, "noise": finite, "flip": finite, "seed": seeds}), datasets.moons),
    "spiral": (st.fixed_dictionaries({"n_per_class": sizes, "classes": sizes, "noise": finite, "seed": seeds}),
               datasets.spiral),
    "playground": (st.fixed_dictionaries({"name": st.sampled_from(datasets.PLAYGROUND_SETS), "n": sizes,
                                          "noise": finite, "seed": seeds}), datasets.playground),
    "playground_target": (st.fixed_dictionaries({"name": st.sampled_from(datasets.PLAYGROUND_SETS), "X": points()}),
                          datasets.playground_target),
    "one_hot": (st.fixed_dictionaries({"labels": labels, "classes": st.one_of(st.none(), sizes)}), datasets.one_hot),
    "add_bias_column": (st.fixed_dictionaries({"points": arrays(1, 3)}), datasets.add_bias_column),
    "train_test_split": (st.fixed_dictionaries({"X": points(3), "y": points(1), "test_fraction": finite,
                                                "seed": seeds}), datasets.train_test_split),
    "feature_map": (st.fixed_dictionaries({"X": points(), "names": st.lists(st.sampled_from(features.FEATURES),
                                                                            min_size=1, max_size=3, unique=True)}),
                    features.feature_map),
    "activation": (st.fixed_dictionaries({"act": st.sampled_from(sorted(activations.ACTIVATIONS) + ["softmax"]),
                                          "z": st.one_of(arrays(), finite, st.integers(-10**6, 10**6))}),
                   lambda act, z: activations.get(act)(z)),
    "derivative": (st.fixed_dictionaries({"act": st.sampled_from(sorted(activations.ACTIVATIONS)), "z": arrays()}),
                   lambda act, z: activations.get(act).derivative(z)),
    "log_softmax": (st.fixed_dictionaries({"z": st.one_of(arrays(), finite)}), activations.log_softmax),
    "softmax_jacobian": (st.fixed_dictionaries({"p": arrays()}), activations.softmax_jacobian),
    "loss": (st.fixed_dictionaries({"loss": st.sampled_from(sorted(losses.LOSSES)), "grad": st.booleans(),
                                    "o": arrays(), "t": st.one_of(arrays(), finite)}),
             lambda loss, grad, o, t: (losses.get(loss).gradient if grad else losses.get(loss).value)(o, t)),
    "rel_errors": (st.fixed_dictionaries({"a": arrays(max_dims=1), "b": arrays(max_dims=1), "floor": finite}),
                   gradcheck.rel_errors),
    "rel_error": (st.fixed_dictionaries({"a": arrays(max_dims=1), "b": arrays(max_dims=1)}), gradcheck.rel_error),
    "rel_error_verdict": (st.fixed_dictionaries({"error": finite}), gradcheck.rel_error_verdict),
    "numerical_gradient": (st.fixed_dictionaries({"f": scalar_fs, "x": arrays(max_dims=2), "h": finite}),
                           gradcheck.numerical_gradient),
    "step_size_errors": (st.fixed_dictionaries({"f": scalar_fs, "x": finite, "exact": finite,
                                                "hs": st.one_of(st.none(), st.lists(finite, min_size=1, max_size=4))}),
                         gradcheck.step_size_errors),
    "check_network": (st.fixed_dictionaries({"X": points(), "y": points(1), "h": finite}),
                      lambda X, y, h: gradcheck.check_network(NET, X, y, h=h)),
}


def all_finite(result) -> bool:
    if isinstance(result, (tuple, list)):
        return all(all_finite(r) for r in result)
    if isinstance(result, str) or result is None:
        return True
    return bool(np.isfinite(np.asarray(result, dtype=np.float64)).all())


@st.composite
def calls(draw):
    name = draw(st.sampled_from(sorted(CALLS)))
    kwargs_strategy, fn = CALLS[name]
    return name, fn, draw(kwargs_strategy)


EXAMPLES = 3000


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(calls())
def test_finite_input_gives_a_finite_result_or_an_error_naming_an_argument(call):
    """3000 examples (derandomised): the public data, feature, activation, loss and gradcheck
    functions of CALLS, their arguments drawn over the whole finite float64 range (1e308,
    subnormals, −0.0), sizes up to 2⁶³ and odd shapes, with every warning an error."""
    name, fn, kwargs = call
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            result = fn(**kwargs)
        except (ValueError, TypeError) as exc:
            argnames = [a for a in kwargs if a not in ("act", "loss", "grad")] + (["net"] if name == "check_network" else [])
            assert any(re.search(names(a), str(exc)) for a in argnames), (name, kwargs, exc)
            event(f"{name}: refused")           # pytest --hypothesis-show-statistics counts them
            return
    assert all_finite(result), (name, kwargs, result)
    event(f"{name}: finite result")
