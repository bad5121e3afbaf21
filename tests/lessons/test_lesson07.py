"""Lesson 7: the notebook's own Neuron/Layer/MLP (run from its cells) against Network, numerical
gradients and PyTorch; lessons.autograd; the exercises; the notebook's structure."""
import math
from pathlib import Path

import numpy as np
import pytest

import backproplab as bp
from backproplab.exercises import check, exercises, solution
from backproplab.gradcheck import numerical_gradient, rel_error
from backproplab.autograd.graph import Var, zero_grad
from backproplab.lessons.lesson07 import autograd

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "07_your_own_autograd.ipynb"


@pytest.fixture(scope="module")
def cells(notebook_cells):
    return notebook_cells(NOTEBOOK)


def lesson_code(cells) -> dict:
    """The lesson IS its code: run the notebook's cells that define PHI, Neuron, Layer, MLP,
    half_sse and train, and return their namespace (so the tests check what students read)."""
    wanted = ("class Neuron", "class Layer", "class MLP", "def train(")
    namespace = {"np": np, "Var": Var, "zero_grad": zero_grad, "bp": bp}
    found = []
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and any(w in source for w in wanted):
            if "def train(" in source:            # only the definition, not the run below it
                source = source[source.index("def train("):source.index("mlp = MLP(")]
            exec(compile(source, "<lesson 7>", "exec"), namespace)
            found += [w for w in wanted if w in source]
    assert sorted(found) == sorted(wanted), found
    return namespace


@pytest.fixture(scope="module")
def code(cells):
    return lesson_code(cells)


def _random_network(sizes, activations, seed):
    rng = np.random.default_rng(seed)
    weights = [rng.normal(0.0, 0.8, (a, b)) for a, b in zip(sizes, sizes[1:])]
    biases = [rng.normal(0.0, 0.5, b) for b in sizes[1:]]
    return weights, biases


# --------------------------------------------------------------------------- the lesson's code
@pytest.mark.parametrize("sizes, activations", [
    ([2, 2, 1], ["tanh", "sigmoid"]),
    ([3, 4, 2], ["sigmoid", "linear"]),
    ([2, 5, 3, 1], ["relu", "tanh", "sigmoid"]),
])
def test_mlp_gradients_equal_network_gradients(code, sizes, activations):
    weights, biases = _random_network(sizes, activations, seed=len(sizes))
    rng = np.random.default_rng(1)
    X, T = rng.normal(size=(6, sizes[0])), rng.uniform(size=(6, sizes[-1]))
    mlp = code["MLP"](weights, biases, activations)
    E = code["half_sse"](mlp, X, T)
    E.backward()
    net = bp.Network.from_weights(weights, biases, activation=activations)
    assert E.value == pytest.approx(net.loss_value(X, T), rel=1e-13)
    assert autograd.worst_gradient_error(mlp.parameters(), net, X, T) < 1e-12
    assert len(mlp.parameters()) == autograd.parameter_count(sizes)


def test_mlp_gradients_equal_numerical_gradients(code):
    weights, biases = _random_network([2, 3, 1], None, seed=4)
    rng = np.random.default_rng(2)
    X, T = rng.normal(size=(4, 2)), rng.uniform(size=(4, 1))
    acts = ["tanh", "sigmoid"]
    mlp = code["MLP"](weights, biases, acts)
    code["half_sse"](mlp, X, T).backward()
    flat = np.array([p.value for p in mlp.parameters()])

    def loss_at(values):
        W, b = autograd.arrays_from_parameters(values, [2, 3, 1])
        return code["half_sse"](code["MLP"](W, b, acts), X, T).value

    numeric = numerical_gradient(loss_at, flat.copy())
    assert rel_error(np.array([p.grad for p in mlp.parameters()]), numeric) < 1e-7


def test_training_loop_follows_network_fit(code):
    X, T = bp.datasets.moons(n=20, noise=0.15, flip=0.0, seed=3)
    start = bp.Network([2, 4, 1], activation=["tanh", "sigmoid"], seed=3)
    mlp = code["MLP"](start.weights, start.biases, ["tanh", "sigmoid"])
    losses = code["train"](mlp, X, T, 6, 0.2)
    history = start.with_weights(start.weights, start.biases).fit(X, T, epochs=6, lr=0.2)
    np.testing.assert_allclose(losses, history.loss, rtol=1e-12)
    assert losses[-1] < losses[0]


def test_without_zero_grad_each_step_uses_the_sum_of_all_gradients(code):
    X, T = bp.datasets.moons(n=10, noise=0.15, flip=0.0, seed=5)
    start = bp.Network([2, 3, 1], activation=["tanh", "sigmoid"], seed=5)
    lr = 0.3
    mlp = code["MLP"](start.weights, start.biases, ["tanh", "sigmoid"])
    code["train"](mlp, X, T, 2, lr, zero_the_gradients=False)
    # by hand: g0 at the start, step; g1 at the new weights, step along g0 + g1
    net = start.with_weights(start.weights, start.biases)
    _, g0, c0 = net.gradients(X, T)
    W1 = [w - lr * g for w, g in zip(net.weights, g0)]
    b1 = [b - lr * g for b, g in zip(net.biases, c0)]
    _, g1, c1 = net.with_weights(W1, b1).gradients(X, T)
    grads_W, grads_b = autograd.arrays_from_parameters([p.grad for p in mlp.parameters()], [2, 3, 1])
    for mine, a, b in zip(grads_W + grads_b, g0 + c0, g1 + c1):
        np.testing.assert_allclose(mine, a + b, rtol=1e-10, atol=1e-14)
    assert not np.allclose(grads_W[0], g1[0])            # … which is not the gradient at the weights


# --------------------------------------------------------------------------- lessons.autograd
def test_arrays_from_parameters_reads_the_mlp_order(code):
    weights, biases = _random_network([3, 2, 2], None, seed=6)
    mlp = code["MLP"](weights, biases, ["tanh", "linear"])
    W, b = autograd.arrays_from_parameters(mlp.parameters(), [3, 2, 2])
    for got, want in zip(W + b, weights + biases):
        np.testing.assert_array_equal(got, want)
    # unit j of a layer: its weights W[:, j], then its bias b[j]
    (W,), (b,) = autograd.arrays_from_parameters(list(range(1, 10)), [2, 3])
    np.testing.assert_array_equal(W, [[1, 4, 7], [2, 5, 8]])
    np.testing.assert_array_equal(b, [3, 6, 9])
    assert autograd.parameter_count([2, 16, 16, 1]) == 337


@pytest.mark.parametrize("sizes, samples", [([2, 2, 1], 1), ([2, 8, 1], 1), ([2, 8, 1], 100), ([3, 4, 2], 5)])
def test_node_count_by_hand(code, sizes, samples):
    """Per sample: n₀·n₁ input constants (one per first-layer product) and the ½, tₖ and 2 of each
    output's loss term; the drawn nodes are the parameters and the gates — per unit n_in products,
    n_in additions and φ; per output term −, ^2 and ×½ — and the additions of the sum over the terms."""
    acts = ["tanh"] * (len(sizes) - 2) + ["sigmoid"]
    weights, biases = _random_network(sizes, acts, seed=7)
    rng = np.random.default_rng(3)
    X, T = rng.normal(size=(samples, sizes[0])), rng.uniform(size=(samples, sizes[-1]))
    E = code["half_sse"](code["MLP"](weights, biases, acts), X, T)
    constants = samples * (sizes[0] * sizes[1] + 3 * sizes[-1])
    gates = samples * (sum((2 * n_in + 1) * n_out for n_in, n_out in zip(sizes, sizes[1:])) + 3 * sizes[-1])
    drawn = autograd.parameter_count(sizes) + gates + samples * sizes[-1] - 1
    assert autograd.node_count(E) == (constants + drawn, constants, drawn)
    if sizes == [2, 2, 1]:
        assert autograd.node_count(E) == (34, 7, 27)        # section 3's drawing
    if sizes == [2, 8, 1]:
        assert autograd.node_count(E).nodes == {1: 112, 100: 8032}[samples]   # section 7


@pytest.mark.parametrize("call, error, message", [
    (lambda: autograd.node_count(3.0), TypeError, "f must be a Var"),
    (lambda: autograd.arrays_from_parameters([1.0] * 8, [2, 3]), ValueError, "must hold 9 numbers for layer sizes"),
    (lambda: autograd.arrays_from_parameters(3.0, [2, 3]), TypeError, "values must be a list"),
    (lambda: autograd.arrays_from_parameters([1.0] * 3, [2]), ValueError, "at least an input and an output"),
    (lambda: autograd.parameter_count("21"), TypeError, "layer_sizes must be a list"),
    (lambda: autograd.parameter_count([2, 0]), ValueError, "layer_sizes\\[1\\]"),
    (lambda: autograd.worst_gradient_error([Var(1.0)], "net", None, None), TypeError, "net must be a Network"),
    (lambda: autograd.worst_gradient_error([1.0], bp.Network([1, 1]), [[0.0]], [[0.0]]), TypeError, "parameters must be Vars"),
    (lambda: autograd.epoch_speed_ratio(3, bp.Network([1, 1]), [[0.0]], [[0.0]], 0.1), TypeError, "scalar_epoch"),
    (lambda: autograd.speed_verdict(-1.0), ValueError, "ratio"),
])
def test_lesson_helpers_reject_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_speed_verdict_words_and_ratio():
    assert autograd.speed_verdict(400.0) == "more than 30 times slower"
    assert autograd.speed_verdict(12.0).startswith("not even 30 times slower")
    assert autograd.speed_verdict(12.0, floor=10) == "more than 10 times slower"
    net = bp.Network([2, 2, 1], seed=0)
    X, T = np.zeros((3, 2)), np.zeros((3, 1))
    before = [w.copy() for w in net.weights]
    assert autograd.epoch_speed_ratio(lambda: None, net, X, T, 0.1, fit_repeats=2) > 0
    assert all(np.array_equal(a, b) for a, b in zip(before, net.weights))   # net is not trained


# --------------------------------------------------------------------------- PyTorch (test only)
def test_mlp_gradients_equal_torch_autograd(code):
    torch = pytest.importorskip("torch")
    sizes, acts = [2, 4, 3, 2], ["tanh", "sigmoid", "linear"]
    weights, biases = _random_network(sizes, acts, seed=8)
    rng = np.random.default_rng(9)
    X, T = rng.normal(size=(5, 2)), rng.uniform(size=(5, 2))
    mlp = code["MLP"](weights, biases, acts)
    E = code["half_sse"](mlp, X, T)
    E.backward()

    tW = [torch.tensor(w, dtype=torch.float64, requires_grad=True) for w in weights]
    tb = [torch.tensor(b, dtype=torch.float64, requires_grad=True) for b in biases]
    phi = {"tanh": torch.tanh, "sigmoid": torch.sigmoid, "linear": lambda z: z}
    a = torch.tensor(X, dtype=torch.float64)
    for W, b, act in zip(tW, tb, acts):
        a = phi[act](a @ W + b)
    loss = 0.5 * ((torch.tensor(T, dtype=torch.float64) - a) ** 2).sum()
    loss.backward()

    assert E.value == pytest.approx(loss.item(), rel=1e-13)
    mine_W, mine_b = autograd.arrays_from_parameters([p.grad for p in mlp.parameters()], sizes)
    for mine, theirs in zip(mine_W + mine_b, tW + tb):
        assert rel_error(mine, theirs.grad.numpy()) < 1e-12
    # and torch accumulates across backward calls exactly as Var does
    loss2 = 0.5 * ((torch.tensor(T, dtype=torch.float64) - phi[acts[-1]](
        phi[acts[1]](phi[acts[0]](torch.tensor(X, dtype=torch.float64) @ tW[0] + tb[0]) @ tW[1] + tb[1]) @ tW[2] + tb[2])) ** 2).sum()
    loss2.backward()
    code["half_sse"](mlp, X, T).backward()
    assert rel_error(np.array([p.grad for p in mlp.layers[0].parameters()]),
                     np.concatenate([np.r_[tW[0].grad.numpy()[:, j], tb[0].grad.numpy()[j]] for j in range(4)])) < 1e-12


# --------------------------------------------------------------------------- exercises
def test_exercise_answers():
    assert exercises()["mlp_parameter_count"].answer() == (2 + 1) * 16 + (16 + 1) * 16 + (16 + 1) * 1
    assert exercises()["accumulated_grad"].answer() == 3.0 + 2 * 2.0 + 2 * 2.0


@pytest.mark.parametrize("key, good, bad", [
    ("mlp_parameter_count", 337, 304),       # 304 forgets the biases
    ("mlp_parameter_count", 337, 336),       # counting is exact
    ("accumulated_grad", 11, 7),             # 7: f.backward() counted once
    ("accumulated_grad", 11.0, 4),           # 4: as if backward reset .grad
])
def test_checker_accepts_the_answer_and_rejects_mix_ups(key, good, bad):
    assert check(key, good)
    assert not check(key, bad)
    assert not check(key, None) and "Hint" in repr(check(key, None))


def test_solutions_show_the_computed_numbers():
    assert "48, " in repr(solution("mlp_parameter_count")) and "337" in repr(solution("mlp_parameter_count"))
    assert "3 + 4 + 4 = 11" in repr(solution("accumulated_grad"))


def test_softplus_reference_passes_and_agrees_with_a_var_graph():
    ex = exercises()["softplus_backward_code"]
    assert ex.is_code and ex.points == 2
    fn = ex.reference_answer()
    assert check("softplus_backward_code", fn)
    z = Var(0.7)
    s = (1 + z.exp()).log()                  # softplus from Var's own operations
    s.backward(grad=1.5)
    assert float(fn(np.array(0.7), np.array(1.5))) == pytest.approx(z.grad, rel=1e-12)
    assert float(fn(np.array(-800.0), np.array(1.0))) == 0.0      # no overflow warning far out


@pytest.mark.parametrize("wrong, says", [
    (lambda z, u: u * np.logaddexp(0, z), "softplus itself"),
    (lambda z, u: u * np.exp(z), "relative error"),
    (lambda z, u: None, "returned None"),
    (lambda z, u: np.atleast_1d(u * 0.5 * (1 + np.tanh(z / 2))), "shaped like z"),
])
def test_softplus_wrong_functions_fail_with_a_useful_message(wrong, says):
    feedback = check("softplus_backward_code", wrong)
    assert not feedback and says in repr(feedback)


def _sigma(z):
    return 0.5 * (1 + np.tanh(z / 2))


@pytest.mark.parametrize("wrong, name", [
    (lambda z, u: _sigma(z), "sigma-prime-missing"),                       # no upstream factor
    (lambda z, u: u + 0 * z, "sigma-prime-missing"),                       # no local slope σ(z)
    (lambda z, u: u / (1 + np.exp(z)), "sign-flipped"),                    # σ(−z): the exponent's minus lost
    (lambda z, u: u * _sigma(z) * (1 - _sigma(z)), "sigma-prime-wrong-quantity"),   # σ′ for σ
    (lambda z, u: u * _sigma(np.logaddexp(0, z)), "sigma-prime-wrong-quantity"),    # σ of the output
])
def test_softplus_classic_slips_are_named(wrong, name):
    feedback = check("softplus_backward_code", wrong)
    assert not feedback and feedback.misconception == name and f"«{name}»" in repr(feedback), repr(feedback)
    assert "Reread lesson" in repr(feedback)


# --------------------------------------------------------------------------- the notebook
def test_notebook_seeds_once_in_its_first_code_cell(cells):
    first_code = next("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert "SEED = " in first_code


def test_notebook_prints_verdicts_not_timings(cells):
    text = "".join("".join(o.get("text", "")) for c in cells if c["cell_type"] == "code" for o in c.get("outputs", []))
    assert "every gradient equal to Network.gradients (relative error below 1e-12): True" in text
    assert "the same loss as Network.fit at every epoch (to 1e-9): True" in text
    assert "step 0: p.grad against Network.gradients → correct" in text
    assert "step 1: p.grad against Network.gradients → wrong" in text
    assert "more than 30 times slower" in text
    assert not any(unit in text for unit in (" ms", " µs", " seconds"))
    assert math.isfinite(autograd.SPEED_FLOOR)


# --------------------------------------------------------------------------- section 8: the student's own Value
def _stub(cells) -> str:
    return next("".join(c["source"]) for c in cells
                if c.get("metadata", {}).get("backproplab") == {"exercise": "value_class_code", "part": "answer"})


def _define_class(source):
    namespace = {"np": np}
    exec(compile(source, "<the Value cell>", "exec"), namespace)
    return namespace["Value"]


def test_value_reference_passes_and_the_stub_says_not_yet(cells):
    ex = exercises()["value_class_code"]
    assert ex.is_code and ex.points == 2
    assert check("value_class_code", ex.reference_answer())
    feedback = check("value_class_code", _define_class(_stub(cells)))
    assert not feedback and "Value.__add__ (a + b) returned None" in repr(feedback)
    assert "not yet" in repr(feedback) and "Hint: Reread section 4" in repr(feedback)


def test_value_stub_and_reference_share_the_given_part(cells):
    from backproplab.lessons.lesson07 import exercises as lesson_exercises
    stub, reference = _stub(cells), exercises()["value_class_code"].reference
    assert stub.split("    def __add__")[0] == reference.split("    def __add__")[0]
    assert stub.endswith(lesson_exercises._GIVEN.rstrip("\n")) and reference.endswith(lesson_exercises._GIVEN)


def _student_class(cells, **bodies):
    """The notebook's stub with some methods filled in from the reference (the others left as stubs)."""
    reference = exercises()["value_class_code"].reference
    source = _stub(cells)
    for name in bodies:
        ref_method = reference[reference.index(f"    def {name}("):]
        ref_method = ref_method[:ref_method.index("\n\n    ") + 1]
        stub_method = source[source.index(f"    def {name}("):]
        stub_method = stub_method[:stub_method.index("\n\n    ") + 1]
        source = source.replace(stub_method, bodies[name](ref_method))
    return _define_class(source)


@pytest.mark.parametrize("change, name", [
    (lambda m: m.replace("grad += ", "grad = "), "assign-instead-of-accumulate"),       # = where paths meet
    (lambda m: m.replace("reversed(order)", "order"), "not-topological-order"),         # inputs first
    (lambda m: m.replace("(1 - t ** 2) * out.grad", "out.grad"), "sigma-prime-missing"),
    (lambda m: m.replace("(1 - t ** 2)", "(t ** 2 - 1)"), "sign-flipped"),
    (lambda m: m.replace("(1 - t ** 2)", "(1 - self.value ** 2)"), "sigma-prime-wrong-quantity"),
])
def test_a_value_class_with_one_classic_bug_is_named(cells, change, name):
    methods = ("__add__", "__mul__", "__pow__", "tanh", "backward", "zero_grad")
    Value = _student_class(cells, **{m: change for m in methods})
    feedback = check("value_class_code", Value)
    assert not feedback and feedback.misconception == name and f"«{name}»" in repr(feedback), repr(feedback)


def test_a_value_class_without_zero_grad_is_named_and_a_partial_one_is_told_what_differs(cells):
    keep = lambda m: m
    done = dict.fromkeys(("__add__", "__mul__", "__pow__", "tanh", "backward"), keep)
    feedback = check("value_class_code", _student_class(cells, **done))          # zero_grad still `pass`
    assert feedback.misconception == "gradients-not-zeroed" and "section 6" in repr(feedback)
    feedback = check("value_class_code", _student_class(cells, **dict(done, zero_grad=keep, backward=lambda m: m.replace(
        "self.grad = 1.0", "pass"))))                                            # no seed: every .grad stays 0
    assert not feedback and "every .grad is still 0" in repr(feedback) and "self.grad = 1" in repr(feedback)
    assert check("value_class_code", _student_class(cells, **dict(done, zero_grad=keep)))


def test_the_students_value_trains_the_lessons_network_like_var_and_network(code):
    # the claims of section 8: gradients to 1e-12 and losses to 1e-9, on the lesson's data and weights
    from backproplab.exercises import passed
    Value = exercises()["value_class_code"].reference_answer()
    assert check("value_class_code", Value) and passed("value_class_code") is Value
    X, T = bp.datasets.moons(n=100, noise=0.15, flip=0.0, seed=1)
    start = bp.Network([2, 8, 1], activation=["tanh", "sigmoid"], seed=1)
    own = code["MLP"](start.weights, start.biases, ["tanh", "sigmoid"], number=Value)
    assert all(isinstance(p, Value) for p in own.parameters())
    code["half_sse"](own, X, T).backward()
    assert autograd.worst_gradient_error(own.parameters(), start, X, T) < 1e-12
    own.zero_grad()
    losses_own = code["train"](own, X, T, 80, 0.15)
    losses_var = code["train"](code["MLP"](start.weights, start.biases, ["tanh", "sigmoid"]), X, T, 80, 0.15)
    history = start.with_weights(start.weights, start.biases).fit(X, T, epochs=80, lr=0.15)
    np.testing.assert_allclose(losses_own, losses_var, rtol=1e-9, atol=0)
    np.testing.assert_allclose(losses_own, history.loss, rtol=1e-9, atol=0)
    assert not check("value_class_code", lambda: None) and passed("value_class_code") is None   # failed: Var again


def _value_variant(change):
    from backproplab.exercises.registry import _define
    return _define(change(exercises()["value_class_code"].reference), "<a Value variant>")


def test_value_other_topological_walks_pass_and_their_assign_slips_are_named():
    # depth first with the last input first, and Kahn's order: both right; the = slip named on either, and in
    # one operation only, from x + x (grad 1, not 2) and x·x (3, not 6), whatever the walk
    from backproplab.lessons.lesson07 import exercises as lesson_exercises
    for walk in lesson_exercises._WALKS:
        assert check("value_class_code", _value_variant(lambda ref: walk))
        for methods in (("__add__",), ("__mul__",), ("__add__", "__mul__")):
            buggy = lesson_exercises._assign_in(walk, methods)
            feedback = check("value_class_code", _value_variant(lambda ref: buggy))
            assert feedback.misconception == "assign-instead-of-accumulate", (methods, repr(feedback))


@pytest.mark.parametrize("walk", ["breadth first", "node before its inputs", "no visited set"])
def test_value_walks_that_are_not_topological_are_named(walk):
    from backproplab.lessons.lesson07 import exercises as lesson_exercises
    forms = lesson_exercises._VALUE_MISTAKES["not-topological-order"]
    buggy = next(f for f in forms if walk in f)
    feedback = check("value_class_code", _value_variant(lambda ref: buggy))
    assert feedback.misconception == "not-topological-order" and "reverse topological order" in repr(feedback)


def test_value_tanh_slips_get_tanh_sentences():
    sign = check("value_class_code", _value_variant(lambda ref: ref.replace("(1 - t ** 2)", "(t ** 2 - 1)")))
    assert sign.misconception == "sign-flipped" and "1 − tanh²(z) is positive" in repr(sign)
    assert "Err" not in repr(sign)
    quantity = check("value_class_code", _value_variant(lambda ref: ref.replace("(1 - t ** 2)", "(1 - self.value ** 2)")))
    assert quantity.misconception == "sigma-prime-wrong-quantity" and "1 − z² squares the input" in repr(quantity)
    assert "σ′" not in repr(quantity)


def test_value_a_wrong_operation_is_named_by_the_first_failing_case_and_a_raising_class_is_a_class():
    feedback = check("value_class_code", _value_variant(lambda ref: ref.replace("k * self.value ** (k - 1)",
                                                                                "k * self.value ** k")))
    assert "for a**3 alone (a = 2), a.grad is 24 after backward(), but Var gives 12." in repr(feedback)
    feedback = check("value_class_code", _value_variant(lambda ref: ref.replace(
        "out = Value(t, (self,))", "out = Value(t, (self,)); 1 / 0")))
    assert "your class raised ZeroDivisionError" in repr(feedback) and "function" not in repr(feedback)


def test_accumulated_grad_names_the_last_calls_gradient_with_its_own_sentence():
    feedback = check("accumulated_grad", 4.0)
    assert feedback.misconception == "assign-instead-of-accumulate" and "across calls" in repr(feedback)
    assert "paths meet" not in repr(feedback)
