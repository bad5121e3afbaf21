"""backproplab.lessons.lesson04.xor: lesson 4's settings build the network without ipywidgets or matplotlib."""
import subprocess
import sys

import numpy as np
import pytest

from backproplab import Network
from backproplab.datasets import xor
from backproplab.lessons.lesson04.xor import HIDDEN_ACTIVATIONS, XORSettings


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
    code = ("import sys, backproplab.lessons.lesson04.xor as m; m.XORSettings().network(); "
            "print(any(k.split('.')[0] in ('ipywidgets', 'matplotlib') for k in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------- lesson 4's seed survey
@pytest.mark.parametrize("settings", [dict(hidden=2), dict(hidden=3, layers=2, activation="tanh", lr=0.5),
                                      dict(hidden=4, activation="relu", lr=2.0)])
@pytest.mark.parametrize("keep_loss", [False, True])
def test_seed_survey_is_network_fit_bit_for_bit(settings, keep_loss):
    from backproplab.lessons.lesson04.xor import seed_survey
    X, y = xor()
    seeds, epochs = [0, 1, 10], 700
    survey = seed_survey(seeds, epochs=epochs, keep_loss=keep_loss, **settings)
    for i, seed in enumerate(seeds):
        net = XORSettings(seed=seed, **settings).network()
        history = net.fit(X, y, epochs=epochs, lr=settings.get("lr", 1.0))
        for w_survey, w_net in zip(survey.weights[i], net.weights):
            np.testing.assert_array_equal(w_survey, w_net)
        assert survey.final_loss[i] == history.final_loss
        np.testing.assert_array_equal(survey.network(i).forward(X), net.forward(X))
        if keep_loss:
            np.testing.assert_array_equal(survey.history(i).loss, history.loss)
    if not keep_loss:
        with pytest.raises(ValueError, match="keep_loss=True"):
            survey.history(0)


def test_seed_survey_gives_lesson_4s_numbers():
    """Section 6's survey: 20 seeds, 5000 epochs, η = 1, as the lesson prints it."""
    from backproplab.lessons.lesson04.xor import seed_survey
    counts = {h: int(seed_survey(range(20), epochs=5000, hidden=h).solved().sum()) for h in (1, 2, 4)}
    assert counts == {1: 0, 2: 7, 4: 20}
    two = seed_survey(range(20), epochs=5000, hidden=2)
    assert sorted({round(v, 3) for v in two.final_losses}) == [0.003, 0.004, 0.005, 0.126, 0.127, 0.251, 0.334]
    assert all(type(v) is float for v in two.final_losses)


def test_seed_survey_checks_its_arguments():
    from backproplab.lessons.lesson04.xor import seed_survey
    with pytest.raises(TypeError, match="list of seeds"):
        seed_survey(3, epochs=10)
    with pytest.raises(ValueError, match="at least one seed"):
        seed_survey([], epochs=10)
    with pytest.raises(ValueError, match=r"seed must be in \[0, 99\]"):
        seed_survey([100], epochs=10)
    with pytest.raises(ValueError, match="epochs"):
        seed_survey([1], epochs=0)
    with pytest.raises(ValueError, match="progress must be"):
        seed_survey([1], epochs=10, progress="yes")



def test_seed_survey_names_the_seeds_whose_run_stopped_being_finite(monkeypatch):
    # XOR's sigmoid output keeps every allowed setting finite; a NaN input stands in for an overflow
    import backproplab.lessons.lesson04.xor as xor_lesson
    from backproplab.lessons.lesson04.xor import seed_survey
    X, y = xor()
    X[1, 0] = np.nan
    monkeypatch.setattr(xor_lesson, "xor", lambda: (X, y))
    for keep_loss in (False, True):
        with pytest.raises(ValueError, match=r"diverged for seed\(s\) \[1, 2\]"):
            seed_survey([1, 2], epochs=5, keep_loss=keep_loss)


def test_wrapped_list_breaks_only_between_entries():
    from backproplab.lessons.xor import wrapped_list
    losses = [0.376, 0.377, 0.461, 0.462, 0.464, 0.465, 0.47, 0.474, 0.498, 0.5]
    assert wrapped_list(losses) == "    0.376, 0.377, 0.461, 0.462, 0.464, 0.465, 0.47, 0.474, 0.498, 0.5"
    lines = wrapped_list(losses, width=30).splitlines()
    assert all(len(line) <= 30 and line.startswith("    ") for line in lines) and len(lines) == 3
    assert [float(v) for line in lines for v in line.replace(",", " ").split()] == losses    # no number cut
    assert wrapped_list([]) == ""
    with pytest.raises(ValueError, match="width must be at least 10"):
        wrapped_list(losses, width=9)
    with pytest.raises(TypeError, match="indent must be a str"):
        wrapped_list(losses, indent=4)


def test_the_seed_survey_prints_no_line_the_lab_would_break():
    """Lesson 4's survey cells print lines of at most 72 characters, which JupyterLab shows whole at
    1280 px with the file browser open (it breaks a longer line anywhere, in a number too)."""
    import json
    from pathlib import Path
    nb = json.loads((Path(__file__).parents[2] / "notebooks" / "04_xor_training.ipynb").read_text(encoding="utf-8"))
    survey = [c for c in nb["cells"] if c["cell_type"] == "code" and "final_losses" in "".join(c["source"])]
    text = "".join("".join(o.get("text", "")) for c in survey for o in c["outputs"] if o["output_type"] == "stream")
    assert "final losses" in text and "0.376, 0.377" in text
    assert max(len(line) for line in text.splitlines()) <= 72
