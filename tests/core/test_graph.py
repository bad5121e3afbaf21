"""backproplab.graph: the Var autodiff and its drawing (plots.draw_graph), checked against numerical gradients."""
import math

import matplotlib.pyplot as plt
import matplotlib.text
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

from backproplab import gradcheck, plots
from backproplab.autograd import graph
from backproplab.gradcheck import numerical_gradient, rel_error
from backproplab.autograd.graph import Var, backward_steps, explain_backward, topological_order
from backproplab.plots import draw_graph

# /work/shared/reference-numbers.md
NEURON_F, NEURON_LOCAL = 0.7310586, 0.1966119
NEURON_DW = (-0.1966119, -0.3932239, 0.1966119)
NEURON_DX = (0.3932239, -0.5898358)


# --------------------------------------------------------------------------- the circuits
def circuit():
    x, y, z = Var(-2.0, "x"), Var(5.0, "y"), Var(-4.0, "z")
    q = (x + y).named("q")
    f = (q * z).named("f")
    return x, y, z, q, f


def test_circuit_forward_and_backward():
    x, y, z, q, f = circuit()
    assert (q.value, f.value) == (3.0, -12.0)
    f.backward()
    assert (z.grad, q.grad, x.grad, y.grad, f.grad) == (3.0, -4.0, -4.0, -4.0, 1.0)
    assert f.local_grads == (-4.0, 3.0) and q.local_grads == (1.0, 1.0)


def neuron_elementary():
    w = [Var(2.0, "w0"), Var(-3.0, "w1"), Var(-3.0, "w2")]
    x = [Var(-1.0, "x0"), Var(-2.0, "x1")]
    z = w[0] * x[0] + w[1] * x[1] + w[2]
    return 1 / (1 + (-z).exp()), w, x


def neuron_collapsed():
    w = [Var(2.0, "w0"), Var(-3.0, "w1"), Var(-3.0, "w2")]
    x = [Var(-1.0, "x0"), Var(-2.0, "x1")]
    return (w[0] * x[0] + w[1] * x[1] + w[2]).sigmoid(), w, x


@pytest.mark.parametrize("build", [neuron_elementary, neuron_collapsed])
def test_sigmoid_neuron_matches_the_reference(build):
    f, w, x = build()
    f.backward()
    assert f.value == pytest.approx(NEURON_F, abs=6e-8)
    assert f.value * (1 - f.value) == pytest.approx(NEURON_LOCAL, abs=6e-8)
    assert [v.grad for v in w] == pytest.approx(NEURON_DW, abs=6e-8)
    assert [v.grad for v in x] == pytest.approx(NEURON_DX, abs=6e-8)


def test_patterns_example():
    x, y, z, w = Var(3.0, "x"), Var(-4.0, "y"), Var(2.0, "z"), Var(-1.0, "w")
    f = 2 * (x * y + graph.max(z, w))
    f.backward()
    assert f.value == -20.0
    assert (x.grad, y.grad, z.grad, w.grad) == (-8.0, 6.0, 2.0, 0.0)


# --------------------------------------------------------------------------- Var vs gradcheck
# A random expression is a small program: each step applies one operation to earlier nodes, so
# values are reused (branches) and every operation of Var appears.
UNARY = {
    "neg": lambda a: -a,
    "exp": lambda a: a.tanh().exp(),                 # tanh first keeps exp in range
    "log": lambda a: (1 + a * a).log(),
    "sigmoid": lambda a: a.sigmoid(),
    "tanh": lambda a: a.tanh(),
    "relu": lambda a: a.relu(),
    "square": lambda a: a ** 2,
    "cube": lambda a: a ** 3,
    "sqrt": lambda a: (1 + a * a) ** 0.5,
    "scale": lambda a: 2.5 * a - 1,
    "recip": lambda a: 1 / (1 + a * a),
    "rpow": lambda a: 2 ** a.tanh(),
    "max0": lambda a: graph.max(0.3, a),
}
BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / (1.5 + b.tanh()),
    "max": lambda a, b: a.max(b),
    "pow": lambda a, b: (1 + a * a) ** b.tanh(),
}
steps = st.lists(st.tuples(st.sampled_from(sorted(UNARY) + sorted(BINARY)), st.integers(0, 99),
                           st.integers(0, 99)), min_size=1, max_size=12)
inputs = st.lists(st.floats(-2.0, 2.0, allow_nan=False), min_size=3, max_size=3)


def build(program, values):
    leaves = [Var(float(v), f"x{i}") for i, v in enumerate(values)]
    nodes = list(leaves)
    for op, i, j in program:
        a, b = nodes[i % len(nodes)], nodes[j % len(nodes)]
        nodes.append(UNARY[op](a) if op in UNARY else BINARY[op](a, b))
    out = nodes[-1]
    for extra in nodes[len(leaves):-1:2]:            # use more of the program in the output
        out = out + extra
    return out, leaves


def far_from_kinks(f, margin=1e-3):
    """The numerical gradient is only meaningful away from the kinks of max and ReLU."""
    for node in topological_order(f):
        if node.op == "max" and abs(node.children[0].value - node.children[1].value) < margin:
            return False
        if node.op == "relu" and abs(node.children[0].value) < margin:
            return False
    return True


@settings(max_examples=300, deadline=None)
@given(steps, inputs)
def test_var_gradients_match_gradcheck_on_random_expressions(program, values):
    try:
        f, leaves = build(program, values)
    except OverflowError:                 # e.g. cubes of cubes: not what this test is about
        assume(False)
    assume(far_from_kinks(f))
    assume(all(abs(n.value) < 1e4 for n in topological_order(f)))
    f.backward()
    analytic = np.array([v.grad for v in leaves])
    numeric = numerical_gradient(lambda v: build(program, v)[0].value, np.array(values, dtype=float))
    scale = max(1.0, np.abs(analytic).max())
    assert np.allclose(analytic, numeric, rtol=1e-5, atol=1e-6 * scale), (program, values)


# --------------------------------------------------------------------------- Var mechanics
def test_arithmetic_with_plain_numbers():
    cases = [(lambda x: 2 * x, 6.0, 2.0), (lambda x: x + 1, 4.0, 1.0), (lambda x: 1 / x, 1 / 3, -1 / 9),
             (lambda x: x ** 2, 9.0, 6.0), (lambda x: 5 - x, 2.0, -1.0), (lambda x: x - 5, -2.0, 1.0),
             (lambda x: x / 2, 1.5, 0.5), (lambda x: 2 ** x, 8.0, 8 * math.log(2)),
             (lambda x: np.float64(2.0) * x, 6.0, 2.0), (lambda x: -x, -3.0, -1.0),
             (lambda x: graph.max(0, x), 3.0, 1.0), (lambda x: graph.max(x, 4), 4.0, 0.0)]
    for fn, value, grad in cases:
        x = Var(3.0, "x")
        out = fn(x)
        assert isinstance(out, Var)
        out.backward()
        assert out.value == pytest.approx(value) and x.grad == pytest.approx(grad)


@pytest.mark.parametrize("name, expected_grad", [
    ("exp", math.exp(0.5)), ("log", 2.0), ("sigmoid", 0.25 * 0 + (1 / (1 + math.exp(-0.5))) * (1 - 1 / (1 + math.exp(-0.5)))),
    ("tanh", 1 - math.tanh(0.5) ** 2), ("relu", 1.0)])
def test_unary_functions_as_methods_and_module_functions(name, expected_grad):
    for make in (lambda v: getattr(v, name)(), lambda v: getattr(graph, name)(v)):
        x = Var(0.5)
        out = make(x)
        out.backward()
        assert x.grad == pytest.approx(expected_grad, rel=1e-12)


def test_gradients_add_at_branches():
    x, y = Var(3.0, "x"), Var(-1.0, "y")
    f = (x + y) * x
    f.backward()
    assert x.grad == 2 * 3.0 + (-1.0) and y.grad == 3.0
    x.zero_grad()
    sq = x * x
    sq.backward()
    assert x.grad == 6.0


# --------------------------------------------------------------------------- accumulation and zeroing
def test_two_backward_calls_of_the_same_output_add_up():
    x, y, z, q, f = circuit()
    f.backward()
    f.backward()
    assert (x.grad, y.grad, z.grad, q.grad, f.grad) == (-8.0, -8.0, 6.0, -8.0, 2.0)
    f.backward(grad=0.5)                       # a seed scales this call's gradients only
    assert (x.grad, z.grad) == (-10.0, 7.5)


def test_each_call_chains_its_own_gradients_not_the_accumulated_ones():
    # Were the second call to multiply the accumulated q.grad (−4 −4) by the local gradients, x
    # would end at −4 + (−8) = −12 (micrograd's pattern when backward is called twice): it must be −8.
    x, y, z, q, f = circuit()
    f.backward()
    f.backward()
    assert x.grad == -8.0 and x.grad == 2 * (z.value * 1.0)


def test_zero_grad_on_a_node_and_on_a_list():
    x, y, z, q, f = circuit()
    f.backward()
    z.zero_grad()
    assert (z.grad, x.grad) == (0.0, -4.0) and z.grad_root is None and x.grad_root is f
    graph.zero_grad([x, y, q, f])
    assert all(v.grad == 0.0 and v.grad_root is None for v in (x, y, z, q, f))
    f.backward()                               # after zeroing: one backward's gradients again
    assert (x.grad, y.grad, z.grad) == (-4.0, -4.0, 3.0) and x.grad_root is f
    graph.zero_grad(v for v in (x, y))         # any iterable
    assert (x.grad, y.grad, z.grad) == (0.0, 0.0, 3.0)


def test_zero_grad_rejects_what_is_not_a_list_of_vars_and_changes_nothing():
    x, y, z, q, f = circuit()
    f.backward()
    with pytest.raises(TypeError, match=r"nodes must be an iterable of Var.*node.zero_grad\(\)"):
        graph.zero_grad(x)
    with pytest.raises(TypeError, match=r"nodes\[1\] must be a Var, got float"):
        graph.zero_grad([x, 3.0])
    with pytest.raises(TypeError, match="nodes must be an iterable of Var"):
        graph.zero_grad(3)
    assert x.grad == -4.0                      # checked before anything was zeroed


def test_the_same_var_reused_across_two_graphs_sums_both_gradients():
    w, u = Var(3.0, "w"), Var(-2.0, "u")
    f = w * w                                  # ∂f/∂w = 2w = 6
    g = (w * u).tanh()                         # ∂g/∂w = (1 − tanh²(wu))·u
    f.backward()
    g.backward()
    dg_dw = (1 - math.tanh(-6.0) ** 2) * -2.0
    assert w.grad == pytest.approx(6.0 + dg_dw, rel=1e-15) and w.grad_root is None     # a sum of two
    assert f.grad_root is f and g.grad_root is g and u.grad_root is g
    # the numerical gradient of f + g with respect to w
    numeric = numerical_gradient(lambda v: v[0] ** 2 + math.tanh(v[0] * -2.0), np.array([3.0]))[0]
    assert w.grad == pytest.approx(numeric, rel=1e-7)


def test_accumulated_gradients_of_a_sum_of_losses_match_numerical_gradients():
    rng = np.random.default_rng(3)
    values = rng.normal(size=3)

    def losses(v):
        a, b, c = (Var(float(t)) for t in v)
        return [(a * b + c).sigmoid(), (a - c) ** 2, (b * c).tanh() * a], (a, b, c)

    parts, leaves = losses(values)
    for part in parts:                         # three backward calls into the same leaves
        part.backward()
    analytic = np.array([v.grad for v in leaves])
    numeric = numerical_gradient(lambda v: sum(p.value for p in losses(v)[0]), values.copy())
    assert rel_error(analytic, numeric) < 1e-8


def test_grad_can_be_set_by_hand_and_then_counts_as_a_sum():
    x, y, z, q, f = circuit()
    x.grad = 0.5
    assert x.grad == 0.5 and x.grad_root is None
    f.backward()
    assert x.grad == -3.5 and x.grad_root is None and y.grad_root is f
    x.grad = 0
    assert x.grad == 0.0 and isinstance(x.grad, float)
    with pytest.raises(ValueError, match="grad"):
        x.grad = float("nan")
    with pytest.raises(TypeError, match="grad"):
        x.grad = "1"


def test_a_failed_backward_leaves_the_accumulated_gradients_alone():
    x = Var(1.0, "x")
    f = x + 1
    f.backward(grad=1e308)
    with pytest.raises(ValueError, match=r"adding this gradient \(1e\+308\) to the 1e\+308 already in the .grad of .* overflows"):
        f.backward(grad=1e308)                 # 1e308 + 1e308 is inf
    assert x.grad == 1e308 and f.grad == 1e308 and x.grad_root is f


def test_relu_and_max_conventions_at_the_kink():
    x = Var(0.0)
    r = x.relu()
    r.backward()
    assert x.grad == 0.0
    a, b = Var(1.0), Var(1.0)
    m = a.max(b)
    m.backward()
    assert (a.grad, b.grad) == (1.0, 0.0)


def test_topological_order_and_long_chains():
    x, y, z, q, f = circuit()
    order = topological_order(f)
    assert order[-1] is f and set(map(id, order)) == {id(v) for v in (x, y, z, q, f)}
    position = {id(n): i for i, n in enumerate(order)}
    assert all(position[id(c)] < position[id(n)] for n in order for c in n.children)
    s = x
    for _ in range(5000):                      # deeper than Python's recursion limit
        s = s + 1
    s.backward()
    assert x.grad == 1.0


def test_grad_root_names_the_output_whose_backward_ran():
    x, y, z, q, f = circuit()
    assert f.grad_root is None and x.grad_root is None
    f.backward()
    assert f.grad_root is f and x.grad_root is f
    q.backward()                                         # q's graph is part of f's: x.grad is now a sum
    assert x.grad_root is None and q.grad_root is None and f.grad_root is f and z.grad_root is f
    assert graph.SYMBOLS["*"] == "×" and set(graph.SYMBOLS) >= {f.op, q.op}


def test_backward_steps_and_explanation():
    x, y, z, q, f = circuit()
    before = backward_steps(f)                 # the steps of one backward(), computed afresh
    f.backward()
    f.backward()                               # accumulated .grad does not change the explanation
    steps = backward_steps(f)
    assert [(s["node"], s["child"], s["upstream"], s["local"]) for s in steps] == \
        [(s["node"], s["child"], s["upstream"], s["local"]) for s in before]
    assert x.grad == -8.0                      # … and explaining changed no .grad
    assert [(s["node"].name, s["child"].name) for s in steps] == [("f", "q"), ("f", "z"), ("q", "x"), ("q", "y")]
    assert steps[0]["upstream"] == 1.0 and steps[0]["local"] == -4.0 and steps[2]["contribution"] == -4.0
    text = explain_backward(f)
    assert "f = q × z:" in text and "∂f/∂x += −4.00 × 1.00 = −4.00" in text
    assert "∂f/∂z = 3.00" in text.splitlines()[-1]


def test_var_repr_and_names():
    x = Var(2.0, "x")
    assert repr(x) == "Var(2.0, name='x', grad=0.0)"
    assert (x * 3).named("y").name == "y"


@pytest.mark.parametrize("make, error, message", [
    (lambda: Var("a"), TypeError, "value must be a real number, got str"),
    (lambda: Var(True), TypeError, "value must be a real number"),
    (lambda: Var(float("nan")), ValueError, "value must be a finite number, got nan"),
    (lambda: Var(1.0, name=3), TypeError, "name must be a string"),
    (lambda: Var(-8.0) ** 0.5, ValueError, "negative base"),
    (lambda: Var(0.0) ** -1, ZeroDivisionError, "negative power"),
    (lambda: Var(-2.0) ** Var(2.0), ValueError, "positive base"),
    (lambda: Var(-1.0).log(), ValueError, "log needs a positive input"),
    (lambda: Var(1000.0).exp(), OverflowError, "too large"),
    (lambda: Var(1e308) * 10, OverflowError, "too large"),
    (lambda: Var(1.0) / Var(0.0), ZeroDivisionError, "value is 0"),
    (lambda: Var(1.0).max("a"), TypeError, "max needs a Var or a number"),
    (lambda: graph.sigmoid("a"), TypeError, "x must be a Var or a number"),
    (lambda: Var(1.0) + "a", TypeError, "unsupported operand"),
    (lambda: Var(1.0).backward(grad=float("inf")), ValueError, "grad"),
    (lambda: topological_order(3.0), TypeError, "f must be a Var"),
])
def test_bad_input_gives_clear_errors(make, error, message):
    with pytest.raises(error, match=message):
        make()


# --------------------------------------------------------------------------- drawing
def _all_texts(fig):
    """Every string drawn in the figure, the legend's included."""
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text)]


def _labels(fig, gid):
    return [t.get_text() for t in fig.axes[0].texts if t.get_gid() == gid]


def test_draw_graph_labels_values_before_and_gradients_after_backward():
    x, y, z, q, f = circuit()
    fig = draw_graph(f)
    assert isinstance(fig, Figure)
    assert sorted(_labels(fig, "value")) == sorted(["−2.00", "5.00", "q = 3.00", "−4.00", "−12.00"])
    assert _labels(fig, "grad") == []
    f.backward()
    fig = draw_graph(f)
    assert sorted(_labels(fig, "grad")) == sorted(["−4.00", "−4.00", "−4.00", "3.00", "1.00"])
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert {"x", "y", "z", "+", "×", "f"} <= set(texts)
    assert draw_graph(f, show_grad=False) is not None and _labels(draw_graph(f, show_grad=False), "grad") == []
    f.backward()                               # .grad now holds 2·∂f/∂(·): not drawn as ∂f/∂wire by default
    assert _labels(draw_graph(f), "grad") == []
    assert sorted(_labels(draw_graph(f, show_grad=True), "grad")) == sorted(["−8.00"] * 3 + ["6.00", "2.00"])
    graph.zero_grad(topological_order(f))
    f.backward()
    assert sorted(_labels(draw_graph(f), "grad")) == sorted(["−4.00", "−4.00", "−4.00", "3.00", "1.00"])


def test_draw_graph_folds_constants_into_gate_labels():
    f, w, x = neuron_elementary()
    f.backward()
    fig = draw_graph(f, title="sigmoid neuron")
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert {"×−1", "exp", "+1", "1/x"} <= texts
    assert fig.axes[0].get_title() == "sigmoid neuron"
    assert len(_labels(fig, "grad")) == 12 + 1      # one per wire, and the output wire
    unfolded = draw_graph(f, fold_constants=False)
    assert {"1", "+", "/"} <= {t.get_text() for t in unfolded.axes[0].texts}


def test_draw_graph_writes_the_total_gradient_at_branches():
    x, y = Var(3.0, "x"), Var(-1.0, "y")
    f = (x + y) * x
    f.backward()
    fig = draw_graph(f)
    assert _labels(fig, "grad_total") == ["Σ = 5.00"]
    assert sorted(_labels(fig, "grad")) == ["1.00", "2.00", "3.00", "3.00", "3.00"]
    fig = draw_graph(x * x)                       # parallel wires, before backward
    assert _labels(fig, "grad_total") == []


def test_draw_graph_on_given_axes_and_options():
    fig, ax = plt.subplots(figsize=(6, 4))
    x, y, z, q, f = circuit()
    f.backward()
    assert draw_graph(f, ax=ax, precision=1, output_name="out") is fig
    texts = {t.get_text() for t in ax.texts}
    assert "−12.0" in texts and "out" in texts
    assert "gradient ∂out/∂wire (backward)" in _all_texts(fig)


def test_draw_graph_legend_names_the_output():
    x, y, z, q, f = circuit()
    f.backward()
    assert "gradient ∂f/∂wire (backward)" in _all_texts(draw_graph(f))
    f = circuit()[-1]                            # a fresh graph: one backward, from the loss
    E = (0.5 * (f - 1.0) ** 2).named("E")
    E.backward()
    texts = _all_texts(draw_graph(E))
    assert "gradient ∂E/∂wire (backward)" in texts and "E" in texts
    assert not any("∂f/" in t for t in texts)
    leaf = Var(2.0, "a")
    assert isinstance(draw_graph(leaf), Figure)   # a graph of one node still draws


@pytest.mark.parametrize("kwargs, error", [({"show_grad": "yes"}, TypeError), ({"precision": -1}, ValueError),
                                           ({"output_name": 3}, TypeError)])
def test_draw_graph_rejects_bad_options(kwargs, error):
    with pytest.raises(error):
        draw_graph(circuit()[-1], **kwargs)
    with pytest.raises(TypeError, match="f must be a Var"):
        draw_graph(3.0)


# --------------------------------------------------------------------------- step size, verdicts
def test_step_size_errors_show_truncation_and_rounding():
    f = lambda v: math.sin(v)
    hs, forward, central = gradcheck.step_size_errors(f, 1.0, math.cos(1.0))
    assert len(hs) == len(forward) == len(central) == 40
    at = lambda h: int(np.argmin(np.abs(np.log10(hs) - np.log10(h))))
    assert central[at(1e-5)] < 1e-9 < forward[at(1e-5)]           # central is far better at h = 1e-5
    assert forward[at(1e-1)] > 10 * forward[at(1e-3)]               # truncation: error falls with h
    assert central[at(1e-14)] > 100 * central[at(1e-5)]             # rounding: tiny h is worse again
    fig = plots.plot_step_size_errors(f, 1.0, math.cos(1.0))
    assert isinstance(fig, Figure) and fig.axes[0].get_xscale() == "log" == fig.axes[0].get_yscale()
    with pytest.raises(ValueError, match="positive step sizes"):
        gradcheck.step_size_errors(f, 1.0, 0.5, hs=[1e-3, 0.0])
    with pytest.raises(TypeError, match="f must be a function"):
        gradcheck.step_size_errors(3, 1.0, 0.5)


@pytest.mark.parametrize("error, word", [(1e-9, "correct"), (1e-5, "kinks"), (1e-3, "suspicious"), (0.5, "wrong")])
def test_rel_error_verdict(error, word):
    assert word in gradcheck.rel_error_verdict(error)


def test_a_graph_is_freed_as_soon_as_it_is_unreachable():
    """Nodes hold their grad_root weakly: after backward() a graph is no reference cycle, so it is
    freed without the garbage collector (a strong reference made a scalar training loop spend most
    of its time in full collections)."""
    import gc
    import weakref
    gc.disable()
    try:
        x = Var(2.0)
        f = x * x + 1.0
        f.backward()
        square = weakref.ref(f.children[0])
        assert x.grad_root is f and square().grad_root is f
        del f
        assert square() is None                        # freed by reference counting alone
        assert x.grad == 4.0 and x.grad_root is None   # its output is gone: no output to name
    finally:
        gc.enable()
