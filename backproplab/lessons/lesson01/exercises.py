"""Exercises of lesson 1 (registered with :func:`backproplab.exercises.registry.register`).

All answers come from the hand-worked example of :mod:`backproplab.lessons.lesson01.handworked`, computed by the
package. Error terms are ``δ = ∂E_total/∂z`` (the loss is written E_total: E is a hidden neuron), as in
the lesson (``delta_D`` is ``δ_D``, negative); the textbooks' ``Err = −δ`` is named only in ``delta_D``'s hint, for a student whose book uses it.

Keys: ``o_E``, ``delta_D``, ``w_CE_new``, ``w_CE_change`` (the change itself, where w_CE_new cannot tell the
slips apart), ``o_F_after``, ``delta_hidden_code`` (code: the hidden-layer rule), ``backward_pass_code`` (code: every
δ and every weight gradient of a 3-layer sigmoid network).
"""
import functools

import numpy as np

from ..._plumbing.i18n import mark, tr
from ...exercises.registry import NotYet, diagnose, register, returned
from ...trace import fmt
from . import handworked as hw


@functools.cache
def _trace():
    """The hand-worked step, done once on first use."""
    return hw.trace()


def _o_F_after():
    net = hw.network()
    net.train_step(hw.INPUTS, [hw.TARGET], lr=hw.LEARNING_RATE)
    return float(net.forward(hw.INPUTS)[0, 0])


def _w_CE_new_with(delta_E=None, carried=None):
    """w_CE after the step, computed with a given δ_E and a given input along w_CE (a slip's variant)."""
    step = _trace()
    delta_E = step["δ_E"] if delta_E is None else delta_E
    carried = step["x_C"] if carried is None else carried
    return step["w_CE"] - hw.LEARNING_RATE * delta_E * carried


def _delta_E_with(w_EF):
    step = _trace()
    return step["δ_F"] * w_EF * step["o_E"] * (1 - step["o_E"])


def _o_F_after_output_layer_only():
    """o_F after a step that updated only w_DF and w_EF (the slip: the hidden weights left as they were)."""
    step = _trace()
    weights = hw.weights_by_name(hw.network().weights)
    weights.update(w_DF=step["w_DF_new"], w_EF=step["w_EF_new"])
    return float(hw.network(weights).forward(hw.INPUTS)[0, 0])


def _paper_change_of_w_CE():
    """Δw_CE of the step done on paper (section 5: every value rounded before it is used again)."""
    table = hw.paper_step()
    paper = dict(zip(table.column("quantity"), (row[1] for row in table.rows)))
    return float(paper["w_CE_new"]) - _trace()["w_CE"]


def _v(name, p=4):
    return fmt(_trace()[name], p)


def _f(name):
    """The value of ``name`` as a factor in a product: in brackets when negative."""
    return f"({_v(name)})" if _v(name).startswith("−") else _v(name)


_ETA = fmt(hw.LEARNING_RATE)

# Where a lesson-1 student rereads the slips whose catalogue section is in a later lesson.
_REREAD_SWAPPED = mark("lesson 1, section 3 (∂E_total/∂w_ij = δ_j·o_i: the error term of the neuron the weight feeds, times its input)")
_REREAD_TRANSPOSED = mark("lesson 1, section 3b (the hidden neurons D and E: Σ_k δ_k w_jk, summed over the neurons k each one feeds)")
_REREAD_SLOPE = mark("lesson 1, section 3 (σ′(z) = σ(z)(1 − σ(z)), so ∂o_j/∂z_j = o_j(1 − o_j), written with the output)")
_REREAD_HIDDEN = mark("lesson 1, section 3b (the hidden neurons D and E)")

register(
    "o_E",
    lambda: tr("Forward pass: what is the output o_E of hidden neuron E?"),
    lambda: _trace()["o_E"],
    hint=lambda: tr("first the net input z_E = x_A·w_AE + x_B·w_BE + x_C·w_CE, then o_E = σ(z_E) = 1/(1 + e^(−z_E)). "
                    "A negative net input gives an output a little below 0.5."),
    nudge=lambda: tr("E does the same two things as D in sections 2a and 2b, with its own three weights: reread how "
                     "o_D came out of x and the weights into D."),
    # No decimals: "two or three decimals are enough", and the default tolerance (±0.0023 around 0.4502)
    # accepts 0.45 and 0.450 but not a three-decimal slip such as 0.446; no classic backprop mistake applies.
    solution=lambda: (f"z_E = {_f('x_A')}·{_f('w_AE')} + {_f('x_B')}·{_f('w_BE')} + {_f('x_C')}·{_f('w_CE')} = "
                      + tr("{z_E}, so o_E = σ({z_E}) = 1/(1 + e^{minus_z_E}) = {o_E}.")
                      .format(z_E=_v('z_E'), minus_z_E=fmt(-_trace()['z_E']), o_E=_v('o_E'))),
)
register(
    "delta_D",
    lambda: tr("Backward pass: what is the error term δ_D = ∂E_total/∂z_D of hidden neuron D? Give it to three "
               "decimals."),
    lambda: _trace()["δ_D"],
    nudge=lambda: tr("reread how section 3b follows z_D's one path to the loss: the chain rule makes it a product of "
                     "three factors, and the first of them comes from section 3a. Then reread the side box on δ versus "
                     "Err: which sign does δ_D have here?"),
    hint=lambda: tr("δ_D = δ_F·w_DF·o_D(1 − o_D), with δ_F = (o_F − t)·o_F(1 − o_F) from section 3a. "
                    "δ_F is positive here (the output is too big) and w_DF is negative, so δ_D comes out negative. "
                    "(A textbook's Err_D = −δ_D is positive: this exercise asks for δ.)"),
    # Three decimals, as section 5 rounds backward (−0.013). Not registered: E's slope o_E(1 − o_E) in place of
    # D's (−0.013408). It is only 1.2 % off: it reads −0.013 at the three decimals asked, so it passes there,
    # and with four typed decimals (−0.0134) an honest δ_F rounded to 0.11 reads the same (−0.013445), so the
    # name would be wrong for that student. −0.0134 is −0.013 to three decimals: accepted. w_CE_change names
    # the other neuron's slope, at five decimals.
    decimals=3,
    mistakes={"sign-flipped": lambda: -_trace()["δ_D"],
              "sigma-prime-missing": lambda: _trace()["δ_F"] * _trace()["w_DF"]},
    solution=lambda: (f"δ_F = (o_F − t)·o_F(1 − o_F) = ({_f('o_F')} − {fmt(hw.TARGET)})·{_f('o_F')}·"
                      f"(1 − {_f('o_F')}) = {_v('δ_F')}; δ_D = δ_F·w_DF·o_D(1 − o_D) = {_f('δ_F')}·{_f('w_DF')}·{_f('o_D')}·"
                      f"(1 − {_f('o_D')}) = {_v('δ_D')}."),
)
register(
    "w_CE_new",
    lambda: tr("Update: what is the new weight w_CE after the step? Three decimals are enough."),
    lambda: _trace()["w_CE_new"],
    nudge=lambda: tr("section 4's update needs two things for this weight: the error term of the neuron it feeds "
                     "(section 3b, with the weights as they were before the step) and what the weight carries in. "
                     "Which neuron is at each end of w_CE?"),
    hint=lambda: tr("w_CE ← w_CE − η·δ_E·o_C, where o_C = x_C is what C sends and δ_E = δ_F·w_EF·o_E(1 − o_E). "
                    "δ_E is positive, so w_CE moves a little further below its old value."),
    # Worked at the three decimals the exercise checks: δ_E to two significant digits (off by under 2e-5, so
    # w_CE by under 1e-5), so that this stored output does not hand over w_CE_change (three significant digits
    # of the change) just below it.
    solution=lambda: (f"δ_E = δ_F·w_EF·o_E(1 − o_E) = {_f('δ_F')}·{_f('w_EF')}·{_f('o_E')}·(1 − {_f('o_E')}) "
                      + tr("≈ {delta_E} (two significant digits are enough for the three decimals asked here; "
                           "the change Δw_CE asked next needs more); w_CE ← w_CE − η·δ_E·x_C ≈ {w_CE} − {eta}·"
                           "{delta_E}·{x_C} ≈ {w_CE_new}.")
                      .format(delta_E=_v('δ_E', 2), w_CE=_v('w_CE'), eta=_ETA, x_C=_f('x_C'),
                              w_CE_new=fmt(round(_trace()['w_CE_new'], 3)))),
    # The change itself is only about 0.001: accept the paper value rounded to 3 decimals
    # (δ_E ≈ 0.003 gives −0.402), but not the old weight or an update with the wrong sign. At three
    # decimals two slips give −0.401 too; typed with four or more decimals they are told apart and named.
    # Not decimals=3: that would reject the paper value −0.402 (0.00066 off). So abs_tol 1e-3 also accepts a
    # four-decimal −0.4008 or −0.40067 (off at the digits typed, right at the three asked); the digits of the
    # step are checked by w_CE_change, at three significant digits.
    abs_tol=1e-3, rel_tol=0.0,
    mistakes={"input-output-swapped": (lambda: _w_CE_new_with(carried=_trace()["o_E"]), _REREAD_SWAPPED),
              "updated-weights-in-delta": lambda: _w_CE_new_with(delta_E=_delta_E_with(_trace()["w_EF_new"])),
              "sign-flipped": lambda: _w_CE_new_with(delta_E=-_trace()["δ_E"]),
              "sigma-prime-missing": lambda: _w_CE_new_with(delta_E=_trace()["δ_F"] * _trace()["w_EF"])},
)
register(
    "w_CE_change",
    lambda: tr("Update, the change itself: by how much does w_CE move in this step? Give Δw_CE = (new w_CE) − "
               "(old w_CE) to three significant digits, which here is five decimals (keep at least three significant "
               "digits of δ_E on the way)."),
    lambda: _trace()["w_CE_new"] - _trace()["w_CE"],
    hint=lambda: tr("Δw_CE = −η·δ_E·o_C, where o_C = x_C is what C sends into E and δ_E = δ_F·w_EF·o_E(1 − o_E) is "
                    "computed with w_EF as it was before the step. δ_E is positive, so the change is negative; it is "
                    "about a thousandth."),
    solution=lambda: (f"δ_E = δ_F·w_EF·o_E(1 − o_E) = {_f('δ_F')}·{_f('w_EF')}·{_f('o_E')}·(1 − {_f('o_E')}) "
                      f"= {_v('δ_E')}; Δw_CE = −η·δ_E·x_C = −{_ETA}·{_f('δ_E')}·{_f('x_C')} = "
                      f"{fmt(_trace()['w_CE_new'] - _trace()['w_CE'], 3)}."),
    nudge=lambda: tr("the same update of section 4 as for the new w_CE, but give only the step: its size is what "
                     "tells the slips apart. Which neuron's error term (section 3b, with the weights as they were "
                     "before the step), and which input, does this weight's change use?"),
    # w_CE_new reads −0.401 with or without either slip at three decimals; the change itself (−0.00134) is
    # told apart from o_E carried in for x_C (−0.000604), the already-updated w_EF in δ_E (−0.00101) and D's
    # slope in δ_E (−0.00132), each named as typed. Three significant digits are five decimals here: accepted
    # within half a unit in the fifth decimal (−0.00134, −0.001341); two digits (−0.0013) are "right to 4
    # decimals", and δ_E rounded to 0.003 before it is used (−0.0015), or the paper step of section 5
    # (−0.002), is named. −0.0010, two digits of the second slip, is the float −0.001: rejected, too short
    # to be named.
    decimals=5,
    mistakes={"input-output-swapped": (lambda: _w_CE_new_with(carried=_trace()["o_E"]) - _trace()["w_CE"],
                                       _REREAD_SWAPPED),
              "updated-weights-in-delta": lambda: (_w_CE_new_with(delta_E=_delta_E_with(_trace()["w_EF_new"]))
                                                   - _trace()["w_CE"]),
              "sign-flipped": lambda: _w_CE_new_with(delta_E=-_trace()["δ_E"]) - _trace()["w_CE"],
              "sigma-prime-missing": lambda: (_w_CE_new_with(delta_E=_trace()["δ_F"] * _trace()["w_EF"])
                                              - _trace()["w_CE"]),
              "sigma-prime-wrong-quantity": (lambda: (_w_CE_new_with(delta_E=_trace()["δ_F"] * _trace()["w_EF"]
                                                                     * _trace()["o_D"] * (1 - _trace()["o_D"]))
                                                      - _trace()["w_CE"]),
                                             _REREAD_HIDDEN,
                                             mark("o_D(1 − o_D) is D's slope; δ_E needs E's own, o_E(1 − o_E).")),
              "rounded-too-early": ([lambda: _w_CE_new_with(delta_E=round(_trace()["δ_E"], 3)) - _trace()["w_CE"],
                                     _paper_change_of_w_CE], None,
                                    mark("δ_E was rounded too early: rounded to one significant digit before it is "
                                         "used (and on paper the new w_CE to three decimals before the old one is "
                                         "taken away), its rounding error is carried into a change of only about a "
                                         "thousandth. Keep at least three significant digits on the way, as the "
                                         "question asks."))},
)
register(
    "o_F_after",
    lambda: tr("Second forward pass: what is the output o_F with the eight new weights?"),
    _o_F_after,
    nudge=lambda: tr("a forward pass as in section 2, step by step, with the new weights of section 4's table: all "
                     "eight of them, the hidden layer's too. Two or three decimals are enough."),
    hint=lambda: tr("redo the forward pass with the new weights: z_D, o_D, z_E, o_E, then z_F = o_D·w_DF + o_E·w_EF "
                    "and o_F = σ(z_F). It should be a little closer to the target t = {t} "
                    "than before the step (o_F was {o_F}).").format(t=fmt(hw.TARGET), o_F=_v('o_F')),
    solution=lambda: tr("With the new weights the forward pass gives o_F = {o_F_after} (before the step: "
                        "{o_F}), closer to t = {t}.").format(o_F_after=fmt(_o_F_after()), o_F=_v('o_F'),
                                                             t=fmt(hw.TARGET)),
    # The lesson asks for two or three decimals: 0.43 is right; 0.433 (only the output weights
    # updated) is told apart from 0.432 at three.
    decimals=2,
    mistakes={"not-every-weight-updated": _o_F_after_output_layer_only},
)


# --------------------------------------------------------------------------- a code-writing exercise
def _delta_hidden_true(o, w_out, delta_out):
    o = np.asarray(o, dtype=float)
    return o * (1 - o) * (np.asarray(delta_out, dtype=float) @ np.asarray(w_out, dtype=float).T)


def _delta_hidden_cases():
    """(description, o, w_out, delta_out): this lesson's hidden layer, then random layers with one
    sample (1-D arrays) and with several samples (one row per sample)."""
    step = _trace()
    w_out = np.array([[step["w_DF"]], [step["w_EF"]]])
    yield tr("this lesson's D, E → F"), np.array([step["o_D"], step["o_E"]]), w_out, np.array([step["δ_F"]])
    rng = np.random.default_rng(14)
    yield tr("a layer of 4 neurons feeding 3"), rng.uniform(0.05, 0.95, 4), rng.normal(size=(4, 3)), rng.normal(size=3)
    yield (tr("5 samples (rows), 3 neurons feeding 2"), rng.uniform(0.05, 0.95, (5, 3)), rng.normal(size=(3, 2)),
           rng.normal(size=(5, 2)))


def _test_delta_hidden(function):
    for what, o, w_out, delta_out in _delta_hidden_cases():
        true = _delta_hidden_true(o, w_out, delta_out)
        try:
            result = function(o.copy(), w_out.copy(), delta_out.copy())
        except Exception as err:        # say which case: a transposition slip raises only on some
            raise NotYet(tr("for {case} your function raised {error}: {message}.")
                         .format(case=what, error=type(err).__name__, message=err)) from err
        got = returned(result, true.shape, name="delta_hidden",
                       ends_with="…", wrong_shape=lambda shape: (
                           tr("for {case} delta_hidden should return one δ per hidden neuron and sample, shape "
                              "{shape}, got shape {got}.") if true.ndim == 2 else
                           tr("for {case} delta_hidden should return one δ per hidden neuron, shape {shape}, got "
                              "shape {got}.")).format(case=what, shape=true.shape, got=shape))
        wrong = diagnose(got, true, what, source="δ = o(1 − o)·Σ_k δ_k w_jk", mistakes=[
            (-true, tr("every δ has the wrong sign: δ = ∂E_total/∂z, so δ_j = o_j(1 − o_j)·Σ_k δ_k w_jk with a plus "
                       "sign (the textbooks' Err is −δ).")),
            (delta_out @ w_out.T, tr("the sigmoid's slope o(1 − o) is missing: multiply by o * (1 - o)."))])
        if wrong:
            return False, wrong
    return True, tr("delta_hidden gives the right δ for this lesson's D and E, for a random layer, and for "
                    "several samples at once.")


def _delta_hidden_probes():
    """Square layers, so that every slip runs (δ @ W instead of δ @ Wᵀ only fails on a layer that is not)."""
    rng = np.random.default_rng(41)
    return [(rng.uniform(0.05, 0.95, 3), rng.normal(size=(3, 3)), rng.normal(size=3)),
            (rng.uniform(0.05, 0.95, (4, 3)), rng.normal(size=(3, 3)), rng.normal(size=(4, 3)))]


register(
    "delta_hidden_code",
    lambda: tr("Write delta_hidden(o, w_out, delta_out): the error terms δ_j = o_j(1 − o_j)·Σ_k δ_k w_jk of a "
               "sigmoid hidden layer, for every hidden neuron j, with NumPy."),
    None,
    lambda: tr("two factors, as in section 3b. The sum Σ_k δ_k w_jk, for every hidden neuron j at once, is one matrix "
    "product: w_out has shape (hidden, next) and delta_out shape (next,) for one sample or (samples, next) for "
    "several; the product has to sum over the next layer's index k and come out in the shape of o, one entry "
    "per hidden neuron (and sample). Then multiply entry by entry by each neuron's slope ∂o_j/∂z_j, written with "
    "the stored output as in section 3. Check your line on D and E: it should give the δ_D and δ_E of section 3b."),
    lambda: tr("delta_out @ w_out.T sends each next-layer δ_k back along the weights w_jk and adds them up for every hidden "
    "neuron j (section 3b: the paths add up); * o * (1 - o) is ∂o_j/∂z_j, the sigmoid's slope from the stored "
    "output. For D and E this reproduces δ_D and δ_E computed above."),
    points=2,
    test=_test_delta_hidden,
    nudge=lambda: tr("the rule is in the question; the NumPy part is the sum over k, for every j at once. In "
                     "w_out[j, k] which index belongs to the next layer? Work this lesson's D and E by hand and "
                     "compare: section 3b printed δ_D and δ_E."),
    reference=("def delta_hidden(o, w_out, delta_out):\n"
               "    return o * (1 - o) * (delta_out @ w_out.T)"),
    mistakes={
        "sign-flipped": "def delta_hidden(o, w_out, delta_out):\n    return -o * (1 - o) * (delta_out @ w_out.T)",
        "sigma-prime-missing": "def delta_hidden(o, w_out, delta_out):\n    return delta_out @ w_out.T",
        "weights-not-transposed": ("def delta_hidden(o, w_out, delta_out):\n    return o * (1 - o) * (delta_out @ w_out)",
                                   _REREAD_TRANSPOSED),
        "sigma-prime-wrong-quantity": (("def delta_hidden(o, w_out, delta_out):\n"
                                        "    s = 1 / (1 + np.exp(-o))\n"
                                        "    return s * (1 - s) * (delta_out @ w_out.T)"), _REREAD_SLOPE),
    },
    probes=_delta_hidden_probes,
)


# --------------------------------------------------------------------------- the whole backward pass (code)
_BACKWARD_OUTPUTS = ("delta1", "delta2", "grad_W1", "grad_W2")
_BACKWARD_ORDER = (1, 0, 3, 2)      # checked in the order they are computed: delta2, delta1, grad_W2, grad_W1
_BACKWARD_MEANING = {"delta1": mark("delta1 (the hidden layer's δ = ∂E_total/∂z, like δ_D, δ_E)"),
                     "delta2": mark("delta2 (the output layer's δ, like δ_F)"),
                     "grad_W1": mark("grad_W1 (∂E_total/∂W1, like ∂E_total/∂w_CE)"),
                     "grad_W2": mark("grad_W2 (∂E_total/∂W2, like ∂E_total/∂w_DF)")}


def _backward_pass_true(x, t, W1, W2):
    r"""The package's backward pass of a sigmoid network without biases and $E_{\text{total}} = \tfrac12
    \sum_k (t_k - o_k)^2$, for one sample: ``(delta1, delta2, grad_W1, grad_W2)`` of shapes
    ``(n_hidden,)``, ``(n_out,)``, ``W1.shape``, ``W2.shape`` (``x``: ``(n_in,)``, ``t``: ``(n_out,)``,
    ``W1``: ``(n_in, n_hidden)``, ``W2``: ``(n_hidden, n_out)``, entry ``[i, j]`` from neuron i to j)."""
    from ...network import Network

    net = Network.from_weights([np.array(W1, dtype=float), np.array(W2, dtype=float)], biases=None,
                               activation="sigmoid", loss="half_sse")
    _, (g1, g2), _, (d1, d2) = net.gradients(np.asarray(x, dtype=float)[None, :],
                                             np.asarray(t, dtype=float)[None, :], return_deltas=True)
    return d1[0], d2[0], g1, g2


def _backward_pass_cases():
    """(description, x, t, W1, W2): this lesson's network on its own sample and on two others, then random
    networks of other sizes (one sample each)."""
    W1, W2 = hw.weight_arrays()
    yield tr("this lesson's 3-2-1 network with x = (0, 1, 1), t = 0"), np.array(hw.INPUTS), np.array([hw.TARGET]), W1, W2
    yield tr("this lesson's network with x = (1, 0, 1), t = 1"), np.array([1.0, 0.0, 1.0]), np.array([1.0]), W1, W2
    yield tr("this lesson's network with x = (0.5, −1, 2), t = 0.3"), np.array([0.5, -1.0, 2.0]), np.array([0.3]), W1, W2
    rng = np.random.default_rng(33)
    for n_in, n_hidden, n_out in ((2, 3, 2), (4, 3, 1), (1, 1, 1), (3, 5, 4)):
        yield (tr("a random {size} network").format(size=f"{n_in}-{n_hidden}-{n_out}"), rng.normal(size=n_in), rng.uniform(0, 1, n_out),
               rng.normal(size=(n_in, n_hidden)), rng.normal(size=(n_hidden, n_out)))


def _test_backward_pass(function):
    for what, x, t, W1, W2 in _backward_pass_cases():
        args = (x.copy(), t.copy(), W1.copy(), W2.copy())
        true = _backward_pass_true(x, t, W1, W2)
        shapes = [a.shape for a in true]
        got = returned(function(*args), shapes, name="backward_pass", ends_with="delta1, delta2, grad_W1, grad_W2",
                       wrong_count=lambda got: (
                           tr("backward_pass should return four arrays, delta1, delta2, grad_W1, grad_W2; it returned "
                              "{type} of length {length}.") if isinstance(got, (tuple, list)) else
                           tr("backward_pass should return four arrays, delta1, delta2, grad_W1, grad_W2; it returned "
                              "{type}.")).format(type=type(got).__name__,
                                                 length=len(got) if isinstance(got, (tuple, list)) else None),
                       wrong_shape=lambda shapes_got: tr(
                           "for {case} delta1, delta2, grad_W1, grad_W2 should have the shapes {shapes} "
                           "(one δ per neuron, one gradient per weight), got {got}.").format(
                               case=what, shapes=shapes, got=shapes_got))
        for name, before, after in zip(("x", "t", "W1", "W2"), (x, t, W1, W2), args):
            if not np.array_equal(before, after):
                raise NotYet(tr("backward_pass changed its argument {name}: the backward pass only computes "
                                "δ's and gradients, with the weights as they are; the update comes after it "
                                "(section 4).").format(name=name))
        for i in _BACKWARD_ORDER:
            name, g, right = _BACKWARD_OUTPUTS[i], got[i], true[i]
            wrong = diagnose(g, right, tr("{case}, {meaning}:").format(case=what, meaning=tr(_BACKWARD_MEANING[name])),
                             source=tr("the backward pass"))
            if wrong:
                return False, wrong
    return True, tr("backward_pass gives every δ and every weight gradient of this lesson's network, on three "
                    "samples, and of random networks of four other sizes.")


def _backward_pass_probes():
    """Networks with as many inputs as hidden and output neurons, so that every slip runs (δ @ W instead
    of δ @ Wᵀ, or a layer's own output in place of its input, only fail with a shape error otherwise)."""
    rng = np.random.default_rng(34)
    return [(rng.normal(size=n), rng.uniform(0, 1, n), rng.normal(size=(n, n)), rng.normal(size=(n, n)))
            for n in (3, 2)]


def _backward_pass_code(delta2="(o2 - t) * o2 * (1 - o2)", delta1="o1 * (1 - o1) * (delta2 @ W2.T)",
                        grads="np.outer(x, delta1), np.outer(o1, delta2)", sigmoid="1 / (1 + np.exp(-z))"):
    """The backward pass as a student writes it; each registered mistake changes one piece."""
    return ("def backward_pass(x, t, W1, W2):\n"
            f"    sigmoid = lambda z: {sigmoid}\n"
            "    o1 = sigmoid(x @ W1)            # forward pass: the hidden outputs (o_D, o_E)\n"
            "    o2 = sigmoid(o1 @ W2)           # and the output (o_F)\n"
            f"    delta2 = {delta2}\n"
            f"    delta1 = {delta1}\n"
            f"    grad_W1, grad_W2 = {grads}\n"
            "    return delta1, delta2, grad_W1, grad_W2")


# The slope taken of the wrong quantity: σ applied once too often (σ(o)(1 − σ(o))), or z(1 − z) with the net input.
_SLOPE_OF_O = {"o2": "(o2 - t) * sigmoid(o2) * (1 - sigmoid(o2))",
               "o1": "sigmoid(o1) * (1 - sigmoid(o1)) * (delta2 @ W2.T)"}
_SLOPE_OF_Z = {"o2": "(o2 - t) * (o1 @ W2) * (1 - o1 @ W2)",
               "o1": "(x @ W1) * (1 - x @ W1) * (delta2 @ W2.T)"}

register(
    "backward_pass_code",
    lambda: tr("Write backward_pass(x, t, W1, W2): for one sample x with target t, the forward pass and then the whole "
    "backward pass of a sigmoid network without biases (inputs → hidden layer → output layer, "
    "E_total = ½Σ(t − o)²); return delta1, delta2 (the δ = ∂E_total/∂z of the hidden and of the output "
    "neurons) and grad_W1, grad_W2 (∂E_total/∂w for every weight, in the shapes of W1 and W2)."),
    None,
    lambda: tr("four steps, in the lesson's order. The forward pass (section 2) gives the hidden outputs, shape "
    "(n_hidden,), and the outputs, shape (n_out,): keep both. The output layer's δ is section 3a's δ_F for "
    "every output neuron: the loss's slope times the sigmoid's, shape (n_out,). The hidden layer's δ is "
    "section 3b's rule, your delta_hidden with W2, shape (n_hidden,). Last, section 3's ∂E_total/∂w_ij = δ_j·o_i "
    "for every weight of a layer: a table with one row per sending neuron i and one column per receiving "
    "neuron j, in the shape of W1 (n_in, n_hidden) and of W2 (n_hidden, n_out). Leave W1 and W2 as they are: "
    "the update comes after."),
    lambda: tr("The forward pass keeps o1 and o2, because every slope of the backward pass is written with them: "
    "δ of the output layer is (o2 − t)·o2(1 − o2), the loss's slope times the sigmoid's (section 3a); "
    "δ of the hidden layer sends delta2 back along the same weights (delta2 @ W2.T) and multiplies by "
    "o1(1 − o1) (section 3b); and ∂E_total/∂w_ij = δ_j·o_i, the error term of the neuron the weight feeds "
    "times its input, which for all weights of a layer at once is an outer product (np.outer(x, delta1), "
    "np.outer(o1, delta2)). For this lesson's network delta1 = (δ_D, δ_E) and delta2 = (δ_F,).\n\n")
    + _backward_pass_code(),
    points=2,
    test=_test_backward_pass,
    reference=_backward_pass_code(),
    nudge=lambda: tr("do it in the lesson's order: the forward pass of section 2 (keep each layer's outputs: the "
                     "slopes are written with them), then the output layer's δ (section 3a), then the hidden layer's "
                     "(section 3b: what you wrote in delta_hidden), and last every weight's gradient, as section 4 "
                     "uses it in the update. Try your function on this lesson's numbers first: its δ's are printed "
                     "in section 3."),
    mistakes={
        # each slip in every layer, and in one layer only (a student often gets one of the two right)
        "sign-flipped": [_backward_pass_code(delta2="(t - o2) * o2 * (1 - o2)"),
                         # the textbooks' Err = −δ returned as the δ's, with the gradients made right again
                         _backward_pass_code(delta2="(t - o2) * o2 * (1 - o2)",
                                             grads="-np.outer(x, delta1), -np.outer(o1, delta2)")],
        "sigma-prime-missing": [_backward_pass_code(delta2="o2 - t", delta1="delta2 @ W2.T"),
                                _backward_pass_code(delta2="o2 - t"),
                                _backward_pass_code(delta1="delta2 @ W2.T")],
        "sigma-prime-wrong-quantity": ([_backward_pass_code(delta2=_SLOPE_OF_O["o2"], delta1=_SLOPE_OF_O["o1"]),
                                        _backward_pass_code(delta2=_SLOPE_OF_O["o2"]),
                                        _backward_pass_code(delta1=_SLOPE_OF_O["o1"]),
                                        _backward_pass_code(delta2=_SLOPE_OF_Z["o2"], delta1=_SLOPE_OF_Z["o1"]),
                                        _backward_pass_code(delta2=_SLOPE_OF_Z["o2"]),
                                        _backward_pass_code(delta1=_SLOPE_OF_Z["o1"])], _REREAD_SLOPE),
        "weights-not-transposed": (_backward_pass_code(delta1="o1 * (1 - o1) * (delta2 @ W2)"), _REREAD_TRANSPOSED),
        "input-output-swapped": ([_backward_pass_code(grads="np.outer(o1, delta1), np.outer(o2, delta2)"),
                                  _backward_pass_code(grads="np.outer(x, delta1), np.outer(o2, delta2)"),
                                  _backward_pass_code(grads="np.outer(o1, delta1), np.outer(o1, delta2)")],
                                 _REREAD_SWAPPED),
    },
    probes=_backward_pass_probes,
)
