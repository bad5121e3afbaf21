"""The classic backprop mistakes, each with a key the checker prints when a student's work matches it.

An exercise registers, next to its true answer, what each mistake gives in that exercise (a wrong value,
or a buggy implementation of the function the student writes); when the student's value or function
matches one of them, :func:`~backproplab.exercises.registry.check` says which mistake it is and where to
reread, instead of "not yet". The keys are printed verbatim in every language, so an instructor can
search a class's feedback for them; the sentence and the place to reread are the catalogue's, kept in English
here (marked for translation) and written in the student's language by :meth:`Misconception.feedback`.

>>> from backproplab.exercises import misconceptions
>>> misconceptions()["sigma-prime-missing"].reread
'lesson 1, section 3 (the backward pass: every δ carries its neuron\'s slope)'
"""
from __future__ import annotations

from dataclasses import dataclass

from .._plumbing.i18n import mark, tr

__all__ = ["Misconception", "misconceptions"]


@dataclass(frozen=True)
class Misconception:
    """One classic mistake: ``key`` (printed verbatim in feedback), ``why`` (one sentence: why it is
    wrong), ``reread`` (the lesson section that explains the right way)."""
    key: str
    why: str
    reread: str

    def feedback(self, reread: str | None = None, why: str | None = None) -> str:
        """What the student reads when their work matches this mistake (``reread``: the exercise's own
        section, when it has a closer one than the catalogue's; ``why``: the exercise's own sentence, when
        the slip takes a form the catalogue's sentence does not describe, e.g. tanh′ rather than σ′)."""
        return tr("this is the mistake «{key}»: {why} Reread {reread}.").format(
            key=self.key, why=tr(why or self.why), reread=tr(reread or self.reread))


_CATALOGUE = (
    Misconception("sign-flipped",
                  mark("δ is the slope of the loss with respect to z; the textbooks' Err = (t − o)·σ′(z) is −δ, so mixing the "
                       "two flips every sign after it."),
                  mark("lesson 1, section 3a (the output neuron F, and the textbooks' Err = −δ)")),
    Misconception("sigma-prime-missing",
                  mark("the chain rule passes through the activation, so its slope φ′(z) is one of the factors "
                       "of every δ."),
                  mark("lesson 1, section 3 (the backward pass: every δ carries its neuron's slope)")),
    Misconception("sigma-prime-wrong-quantity",
                  mark("σ′(z) = σ(z)(1 − σ(z)) = a(1 − a) is taken of the net input z, or written with the stored "
                       "output a; a(1 − a) with z in place of a applies σ not at all, σ(a)(1 − σ(a)) once too "
                       "often."),
                  mark("lesson 3, section 7 (why σ′ = σ(1 − σ) is so convenient)")),
    Misconception("weights-not-transposed",
                  mark("going backward, δ travels along the same weights the other way: Σ_k δ_k w_jk, which in "
                       "matrix form is δ @ Wᵀ, not δ @ W."),
                  mark("lesson 2, section 6, equation (2) (the error term of a hidden layer)")),
    Misconception("updated-weights-in-delta",
                  mark("every δ belongs to the forward pass that made the error, so it is computed with the "
                       "weights as they were before the step; update only after every gradient is known."),
                  mark("lesson 1, section 3b (δ with the weights as they were in the forward pass)")),
    Misconception("not-every-weight-updated",
                  mark("one step of gradient descent moves every weight by its own gradient, the hidden layers' "
                       "as well as the output layer's."),
                  mark("lesson 1, section 4 (update all eight weights)")),
    Misconception("rounded-too-early",
                  mark("a value rounded before it is used again carries its rounding error into every product after it, "
                       "and a change of only a few thousandths can come out a good part larger or smaller."),
                  mark("lesson 1, section 5 (on paper the numbers drift)")),
    Misconception("output-activation-missing",
                  mark("every layer of a sigmoid network squashes its net input with σ, the output layer's too, so the "
                       "forward loop applies a = σ(a @ W) to every W, the last one included."),
                  mark("lesson 4, section 3 (going deeper: a 3-4-4-1 network, every layer sigmoid)")),
    Misconception("input-output-swapped",
                  mark("a weight w_ij's gradient is δ_j · a_i: the error term of the neuron the weight feeds, times what the "
                       "weight carries in (the input a_i), not the neuron's own output."),
                  mark("lesson 2, section 6, equation (3) (the gradients of the weights)")),
    Misconception("bias-gradient-missing",
                  mark("a bias is a weight on a constant input 1, so its gradient is δ, summed over the samples of the "
                       "batch like every other gradient."),
                  mark("lesson 2, section 3c (the biases) and equation (4)")),
    Misconception("mean-vs-sum",
                  mark("a mean loss divides every gradient by the batch size N and a sum does not: the result "
                       "is off by a factor N."),
                  mark("lesson 2, the side box \u201cSum or mean loss?\u201d")),
    Misconception("dropout-mask-missing",
                  mark("a unit dropped in the forward pass passed nothing on, so nothing flows back into it: "
                       "the backward pass multiplies by the same mask."),
                  mark("lesson 5, section 1 (the backward pass goes through the same mask)")),
    Misconception("dropout-scale-missing",
                  mark("inverted dropout scales the kept units by 1/(1 − p) going forward, so the backward pass "
                       "scales by the same 1/(1 − p)."),
                  mark("lesson 5, section 2 (why scale by 1/(1 − p)? Inverted dropout)")),
    Misconception("sigma-prime-of-scaled-output",
                  mark("σ′(z) = o(1 − o) is the slope of the unit's own output o = σ(z), while the scaled "
                       "ô = m·o/(1 − p) that dropout passes on is not a sigmoid's output, so ô(1 − ô) is no "
                       "slope at all (it is negative wherever ô > 1)."),
                  mark("lesson 5, section 3 (the classic XOR lesson: its backward pass takes the slope of ô)")),
    Misconception("penalty-gradient-wrong",
                  mark("a penalty adds its own gradient to the loss's before the update, λw for L2's ½λw² and "
                       "λ·sign(w) for L1's λ|w|, so leaving it out, subtracting it, halving it or taking one "
                       "penalty's gradient for the other's moves the weight by the wrong amount."),
                  mark("lesson 5, section 6 (L2 and L1: penalties on the weights)")),
    Misconception("assign-instead-of-accumulate",
                  mark("where two paths meet, their gradients add up (the multivariable chain rule): "
                       "grad += …, not grad = …."),
                  mark("lesson 6, section 3 (gradients add at branches)")),
    Misconception("gradients-not-zeroed",
                  mark("gradients accumulate with +=, so the ones left from the previous step must be set to "
                       "zero before the next backward pass."),
                  mark("lesson 7, section 6 (the bug everybody makes: no zero_grad)")),
    Misconception("one-sided-difference",
                  mark("the one-sided difference (f(x + h) − f(x))/h is off by about h·f″/2, far more than a right "
                       "gradient's rounding, so a gradient check built on it makes correct code look suspicious; "
                       "the central difference (f(x + h) − f(x − h))/2h is off only by a term of order h²."),
                  mark("lesson 6, section 4 (how small should h be? the one-sided forward difference)")),
    Misconception("nudged-entry-not-restored",
                  mark("a gradient check nudges one entry of x in place, so unless it sets that entry back before "
                       "the next one every later value of f is taken at a shifted point, and the caller's x comes "
                       "back changed."),
                  mark("lesson 6, section 4 (numerical versus analytic gradients: nudge one input, then put it back)")),
    Misconception("relative-error-formula",
                  mark("a gradient check compares the two gradients relative to their size, entry by entry, "
                       "|a − n| / max(|a|, |n|, 1e-8); the difference alone means nothing without the size it is "
                       "measured against."),
                  mark("lesson 6, section 4 (reading the relative error)")),
    Misconception("generator-not-used",
                  mark("every random draw comes from the Generator passed in, so that the same seed checks the same "
                       "entries; NumPy's global state, Python's random or a Generator made inside the function "
                       "checks other entries than the caller asked for."),
                  mark("lesson 6, section 6 (a sparse gradient check: the entries drawn from the Generator passed in)")),
    Misconception("not-topological-order",
                  mark("a node may pass its gradient on only after every node that uses it has passed theirs: "
                       "walk the graph in reverse topological order."),
                  mark("lesson 6, section 1 (backward, one node at a time)")),
    Misconception("softmax-derivative-twice",
                  mark("for softmax with cross-entropy, δ = p − y already contains the softmax's slope; "
                       "multiplying by it again counts it twice."),
                  mark("lesson 8, section 2 (why the σ′ cancels)")),
    Misconception("softmax-not-stabilised",
                  mark("e^z overflows for large net inputs and a tiny p underflows to 0, whose ln is −inf: shift "
                       "each row by its own maximum (which changes no p) and take ln p from the log-sum-exp."),
                  mark("lesson 8, section 3 (where the loss comes from, and why ln needs care)")),
    Misconception("one-maximum-for-the-batch",
                  mark("one maximum subtracted from the whole batch changes no p, but in a row far below that maximum "
                       "every exponential underflows to 0, leaving p = 0/0 or ln 0 = −inf: shift each row by its own "
                       "maximum, so that every row keeps a term e⁰ = 1."),
                  mark("lesson 8, section 3 (where the loss comes from, and why ln needs care)")),
    Misconception("momentum-sign-or-order",
                  mark("the velocity v ← μv − η∇E is updated first and the weight moves by the new v "
                       "(w ← w + v); a plus before η∇E climbs the loss, and using the old v lags a step."),
                  mark("lesson 9, section 4 (momentum)")),
    Misconception("bias-missing",
                  mark("a bias is a weight on a constant input 1: without it z = 0 wherever every input is 0, so the "
                       "unit's boundary is pinned to that point (for the circle of squared features, its radius "
                       "shrinks to 0)."),
                  mark("lesson 10, section 2 (challenge 2: the circle with x₁² and x₂², no hidden layer)")),
    Misconception("radius-not-squared",
                  mark("the features are squares, so w(x₁² + x₂²) + b = 0 is the circle of radius "
                       "√(−b/w): a circle of radius r needs b = −w·r², not −w·r."),
                  mark("lesson 10, section 2 (challenge 2: the circle with x₁² and x₂², no hidden layer)")),
)


def misconceptions() -> dict[str, Misconception]:
    """The catalogue of classic backprop mistakes, by key (a new dict each call, in teaching order)."""
    return {m.key: m for m in _CATALOGUE}
