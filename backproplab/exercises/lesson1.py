"""Exercises of lesson 1 (registered with backproplab.exercises.register).

All answers come from the hand-worked example of :mod:`backproplab.handworked`, computed by the
package. Error terms are ``δ = ∂E/∂z``, as in the lesson (``delta_D`` is ``δ_D``, negative); the
textbooks' ``Err = −δ`` is named only in ``delta_D``'s hint, for a student whose book uses it.

Keys: ``o_E``, ``delta_D``, ``w_CE_new``, ``o_F_after``.
"""
from .. import handworked as hw
from ..trace import fmt
from . import register


def _trace():
    return hw.trace()


def _o_F_after():
    net = hw.network()
    net.train_step(hw.INPUTS, [hw.TARGET], lr=hw.LEARNING_RATE)
    return float(net.forward(hw.INPUTS)[0, 0])


def _register_all():
    tr = _trace()
    v = lambda name, p=4: fmt(tr[name], p)
    f = lambda name: f"({v(name)})" if v(name).startswith("−") else v(name)   # a factor in a product
    eta = fmt(hw.LEARNING_RATE)

    register(
        "o_E",
        "Forward pass: what is the output o_E of hidden neuron E?",
        lambda: _trace()["o_E"],
        hint="first the net input z_E = x_A·w_AE + x_B·w_BE + x_C·w_CE, then o_E = σ(z_E) = 1/(1 + e^(−z_E)). "
             "A negative net input gives an output a little below 0.5.",
        solution=(f"z_E = {f('x_A')}·{f('w_AE')} + {f('x_B')}·{f('w_BE')} + {f('x_C')}·{f('w_CE')} = {v('z_E')}, "
                  f"so o_E = σ({v('z_E')}) = 1/(1 + e^{fmt(-tr['z_E'])}) = {v('o_E')}."),
    )
    register(
        "delta_D",
        "Backward pass: what is the error term δ_D = ∂E/∂z_D of hidden neuron D?",
        lambda: _trace()["δ_D"],
        hint="δ_D = δ_F·w_DF·o_D(1 − o_D), with δ_F = (o_F − t)·o_F(1 − o_F) from section 3a. "
             "δ_F is positive here (the output is too big) and w_DF is negative, so δ_D comes out negative. "
             "(A textbook's Err_D = −δ_D is positive: this exercise asks for δ.)",
        solution=(f"δ_F = (o_F − t)·o_F(1 − o_F) = ({f('o_F')} − {fmt(hw.TARGET)})·{f('o_F')}·(1 − {f('o_F')}) "
                  f"= {v('δ_F')}; δ_D = δ_F·w_DF·o_D(1 − o_D) = {f('δ_F')}·{f('w_DF')}·{f('o_D')}·"
                  f"(1 − {f('o_D')}) = {v('δ_D')}."),
    )
    register(
        "w_CE_new",
        "Update: what is the new weight w_CE after the step?",
        lambda: _trace()["w_CE_new"],
        hint="w_CE ← w_CE − η·δ_E·o_C, where o_C = x_C is what C sends and δ_E = δ_F·w_EF·o_E(1 − o_E). "
             "δ_E is positive, so w_CE moves a little further below its old value.",
        solution=(f"δ_E = δ_F·w_EF·o_E(1 − o_E) = {f('δ_F')}·{f('w_EF')}·{f('o_E')}·(1 − {f('o_E')}) "
                  f"= {v('δ_E')}; w_CE ← w_CE − η·δ_E·x_C = {v('w_CE')} − {eta}·{f('δ_E')}·{f('x_C')} "
                  f"= {v('w_CE_new', 5)}."),
        # The change itself is only about 0.001: accept the paper value rounded to 3 decimals
        # (δ_E ≈ 0.003 gives −0.402), but not the old weight or an update with the wrong sign.
        abs_tol=1e-3, rel_tol=0.0,
    )
    after = _o_F_after()
    register(
        "o_F_after",
        "Second forward pass: what is the output o_F with the eight new weights?",
        _o_F_after,
        hint="redo the forward pass with the new weights: z_D, o_D, z_E, o_E, then z_F = o_D·w_DF + o_E·w_EF "
             f"and o_F = σ(z_F). It should be a little closer to the target t = {fmt(hw.TARGET)} "
             f"than before the step (o_F was {v('o_F')}).",
        solution=(f"With the new weights the forward pass gives o_F = {fmt(after)} (before the step: {v('o_F')}), "
                  f"closer to t = {fmt(hw.TARGET)}."),
    )


_register_all()
