"""The playground (lesson 10), driven headless: settings, training, selection numbers, controls."""
import base64
import warnings

import numpy as np
import pytest

from backproplab import Network, backprop, features, gradcheck, widgets
from backproplab._plumbing.format import number
from backproplab.lessons.lesson10.explorer import DPI, FIG_HEIGHT, FIG_WIDTH, FONT_PT
from backproplab.lessons.lesson10.explorer.controls import PLAY_TOOLTIP
from backproplab.widgets.playground import DEFAULTS, Playground


@pytest.fixture
def pg():
    p = Playground()
    yield p
    p.close()


def test_lazy_export_defaults_and_first_picture(pg):
    assert widgets.Playground is Playground
    assert pg.settings == DEFAULTS
    assert pg.settings["hidden"] == (4, 2) and pg.network.layer_sizes == [2, 4, 2, 1]
    assert [a.name for a in pg.network.activations] == ["tanh", "tanh", "sigmoid"] and pg.network.loss == "bce"
    assert pg.epoch == 0 and pg.history == [(0, pg.train_loss, pg.test_loss)]
    assert pg.X_train.shape == (100, 2) and pg.X_test.shape == (100, 2)
    assert 0.3 < pg.train_loss < 2.0
    assert bytes(pg.image.value).startswith(b"\x89PNG") and "epoch 0" in pg.epoch_label.value
    assert pg.selected is None and not pg.playing


def test_settings_round_trip_and_canonical_forms(pg):
    pg.set(dataset="xor", noise=0.25, train_fraction=0.7, data_seed=3, features=["x2^2", "x1"], hidden=[3],
           activation="relu", learning_rate=0.1, batch_size=5, regulariser="l2", reg_rate=0.003, dropout=0.1, seed=4)
    s = pg.settings
    assert s["features"] == ("x1", "x2^2") and s["hidden"] == (3,)      # FEATURES order; a tuple
    assert {k: s[k] for k in ("dataset", "noise", "train_fraction", "data_seed", "activation", "learning_rate",
                              "batch_size", "regulariser", "reg_rate", "dropout", "seed")} == dict(
        dataset="xor", noise=0.25, train_fraction=0.7, data_seed=3, activation="relu", learning_rate=0.1,
        batch_size=5, regulariser="l2", reg_rate=0.003, dropout=0.1, seed=4)
    assert pg.X_train.shape == (140, 2) and pg.F_train.shape == (140, 2)
    np.testing.assert_array_equal(pg.F_train[:, 1], pg.X_train[:, 1] ** 2)
    assert pg.network.layer_sizes == [2, 3, 1] and pg.network.dropout == 0.1
    again = Playground(**s)
    assert again.settings == s
    np.testing.assert_array_equal(again.network.weights[0], pg.network.weights[0])
    again.close()
    # the controls show the settings
    assert pg.controls["dataset"].value == "xor" and pg.controls["layers"].value == 1
    assert pg.controls["neurons 1"].value == 3 and pg.controls["feature x2^2"].value
    assert not pg.controls["feature x2"].value and pg.controls["learning_rate"].value == 0.1


def test_structural_changes_reset_and_the_rest_apply_from_the_next_step(pg):
    pg.step(3)
    assert pg.epoch == 3
    trained = [w.copy() for w in pg.network.weights]
    pg.set(learning_rate=0.1, batch_size=20, regulariser="l1", reg_rate=0.001, dropout=0.2, show_test=True)
    assert pg.epoch == 3 and pg.network.dropout == 0.2
    np.testing.assert_array_equal(pg.network.weights[1], trained[1])
    for change in (dict(hidden=(4, 3)), dict(activation="sigmoid"), dict(seed=1), dict(features=("x1", "x2", "x1*x2")),
                   dict(dataset="gauss"), dict(noise=0.1), dict(train_fraction=0.4), dict(data_seed=2)):
        pg.step(2)
        pg.select(1, 0)
        pg.set(**change)
        assert pg.epoch == 0 and len(pg.history) == 1 and pg.trace is None and pg.selected is None, change


def test_a_step_advances_the_epoch_changes_weights_and_records_history(pg):
    before = [w.copy() for w in pg.network.weights]
    pg.step()
    assert pg.epoch == 1 and len(pg.history) == 2 and pg.history[-1] == (1, pg.train_loss, pg.test_loss)
    assert all(not np.array_equal(b, w) for b, w in zip(before, pg.network.weights))
    assert pg.trace is not None and pg.batch[0].shape == (10, 2)
    pg.step(4)
    assert pg.epoch == 5 and [h[0] for h in pg.history] == [0, 1, 2, 3, 4, 5]
    assert pg.history[-1][1] < pg.history[0][1]
    assert "epoch 5" in pg.epoch_label.value


def test_training_is_the_same_however_epochs_are_grouped():
    a, b = Playground(dropout=0.2), Playground(dropout=0.2)
    a.step(6)
    for n in (1, 2, 3):
        b.step(n)
    for wa, wb in zip(a.network.weights + a.network.biases, b.network.weights + b.network.biases):
        np.testing.assert_array_equal(wa, wb)
    assert a.history == b.history
    a.reset()
    c = Playground(dropout=0.2)
    np.testing.assert_array_equal(a.network.weights[0], c.network.weights[0])
    assert a.epoch == 0
    for p in (a, b, c):
        p.close()


def test_the_epoch_is_fit_plus_one_traced_step_on_the_last_batch(pg):
    """An independent replay: the batch order from the seed, fit on all batches but the last,
    train_step on the last."""
    twin = Network([2, 4, 2, 1], activation=["tanh", "tanh", "sigmoid"], loss="bce", seed=0, init="glorot")
    np.testing.assert_array_equal(twin.weights[0], pg.network.weights[0])
    order = np.random.default_rng([0, 1])
    pg.step(2)
    for _ in range(2):
        perm = order.permutation(100)
        F, y = pg.F_train[perm], pg.y_train[perm]
        twin.fit(F[:90], y[:90], epochs=1, lr=0.03, batch_size=10, shuffle=False)
        trace = twin.train_step(F[90:], y[90:], lr=0.03)
    for w, v in zip(pg.network.weights + pg.network.biases, twin.weights + twin.biases):
        np.testing.assert_array_equal(w, v)
    np.testing.assert_array_equal(pg.batch[0], F[90:])
    assert pg.trace.loss == trace.loss
    assert pg.train_loss == twin.loss_value(pg.F_train, pg.y_train) / 100


def test_circle_with_squares_and_no_hidden_layer_reaches_a_low_test_loss():
    pg = Playground(features=("x1^2", "x2^2"), hidden=())
    assert pg.network.layer_sizes == [2, 1]
    pg.step(100)
    assert pg.diverged is None
    assert pg.test_loss < 0.05 and pg.train_loss < 0.05       # from ln 2 ≈ 0.69 for a coin flip
    # the boundary is a circle: w·(x1², x2²) + b = 0 with both weights negative (inside is class 1)
    w = pg.network.weights[0][:, 0]
    assert (w < 0).all() and 0.5 < w[0] / w[1] < 2.0
    plain = Playground(hidden=())                # x1, x2 alone: a straight line cannot do it
    plain.step(100)
    assert plain.test_loss > 0.5
    pg.close()
    plain.close()


def test_selection_text_shows_the_numbers_of_the_latest_step(pg):
    pg.step(3)
    pg.select(1, 2)
    assert pg.selected == (1, 2)
    text = pg.selection_text()
    t = pg.trace
    Fb, yb = pg.batch
    # an independent computation: the weights before the traced step, the same batch
    before = Network.from_weights(t.weights_before, t.biases_before, activation=["tanh", "tanh", "sigmoid"], loss="bce")
    E, gW, gb, deltas = before.gradients(Fb, yb, return_deltas=True)
    np.testing.assert_allclose(gW[0], t.layers[0].grad_W, rtol=1e-12, atol=0)
    z = Fb @ t.weights_before[0] + t.biases_before[0]
    for s in range(5):
        assert number(z[s, 2], ".4g") in text
        assert number(np.tanh(z[s, 2]), ".4g") in text
        assert number(deltas[0][s, 2], ".4g") in text
    for i in range(2):
        assert number(gW[0][i, 2], ".4g") in text
        assert number(-0.03 * gW[0][i, 2], ".4g") in text               # Δw = −η ∂E/∂w
        assert number(t.weights_after[0][i, 2], ".4g") in text
    assert number(gb[0][2], ".4g") in text and "h1.2" in text and "epoch 3" in text
    assert text in html_unescape(pg.readout.value)
    # an edge: layer 2, from h1.1 into h2.0
    pg.select_edge(2, 1, 0)
    assert pg.selected == (2, 1, 0)
    text = pg.selection_text()
    assert "h1.1 → h2.0" in text and number(gW[1][1, 0], ".4g") in text
    assert number(t.weights_before[1][1, 0], ".4g") in text and number(t.weights_after[1][1, 0], ".4g") in text
    # the output neuron shows its targets and δ = o − t
    pg.select(3, 0)
    text = pg.selection_text()
    o = t.layers[2].a[:, 0]
    assert number(o[0] - yb[0, 0], ".4g") in text and "neuron out" in text


def html_unescape(s):
    import html
    return html.unescape(s)


def test_selection_before_any_step_and_with_a_penalty(pg):
    pg.select(2, 1)
    assert "no step yet" in pg.selection_text()
    pg.select_edge(1, 0, 3)
    assert "no step yet" in pg.selection_text() and number(pg.network.weights[0][0, 3], ".4g") in pg.selection_text()
    pg.set(regulariser="l2", reg_rate=0.1)
    pg.select_edge(1, 0, 3)
    pg.step()
    t = pg.trace
    g, w0 = t.layers[0].grad_W[0, 3], t.weights_before[0][0, 3]
    text = pg.selection_text()
    assert "w_x₁,h1.3 ← w_x₁,h1.3 − η·(∂E/∂w_x₁,h1.3 + λ₂·w_x₁,h1.3)" in text and "L2 λ₂ = 0.1" in text
    assert number(-0.03 * (g + 0.1 * w0), ".4g") in text
    pg.clear_selection()
    assert pg.selected is None and "Select a neuron" in pg.selection_text()


@pytest.mark.parametrize("call, error, match", [
    (lambda p: p.select(0, 0), ValueError, "layer"), (lambda p: p.select(4, 0), ValueError, "layer"),
    (lambda p: p.select(1, 4), ValueError, "unit"), (lambda p: p.select(1.0, 0), TypeError, "layer"),
    (lambda p: p.select_edge(2, 4, 0), ValueError, "i"), (lambda p: p.select_edge(2, 0, 2), ValueError, "unit"),
    (lambda p: p.step(0), ValueError, "epochs"), (lambda p: p.challenge("nope"), ValueError, "name")])
def test_bad_selections_and_steps_are_refused(pg, call, error, match):
    with pytest.raises(error, match=match):
        call(pg)
    assert pg.selected is None and pg.epoch == 0


@pytest.mark.parametrize("settings, error, match", [
    (dict(dataset="moons"), ValueError, "dataset"), (dict(noise=0.6), ValueError, "noise"),
    (dict(train_fraction=0.95), ValueError, "train_fraction"), (dict(data_seed=-1), ValueError, "data_seed"),
    (dict(features=()), ValueError, "features"), (dict(features=("x1", "x3")), ValueError, "features"),
    (dict(features="x1"), TypeError, "features"), (dict(hidden=(4,) * 7), ValueError, "hidden"),
    (dict(hidden=(9,)), ValueError, r"hidden\[0\]"), (dict(hidden=(0,)), ValueError, r"hidden\[0\]"),
    (dict(hidden=4), TypeError, "hidden"), (dict(hidden=(2.0,)), TypeError, r"hidden\[0\]"),
    (dict(activation="softmax"), ValueError, "activation"), (dict(learning_rate=0), ValueError, "learning_rate"),
    (dict(learning_rate="fast"), TypeError, "learning_rate"), (dict(batch_size=31), ValueError, "batch_size"),
    (dict(regulariser="l3"), ValueError, "regulariser"), (dict(reg_rate=-1), ValueError, "reg_rate"),
    (dict(dropout=0.95), ValueError, "dropout"), (dict(seed=1.5), TypeError, "seed"),
    (dict(show_test=1), TypeError, "show_test"), (dict(colour="red"), ValueError, "colour")])
def test_bad_settings_name_the_setting_and_change_nothing(pg, settings, error, match):
    pg.step(2)
    before, weights, png = pg.settings, [w.copy() for w in pg.network.weights], pg.image.value
    with pytest.raises(error, match=match):
        pg.set(learning_rate=0.3, **settings) if "learning_rate" not in settings else pg.set(batch_size=5, **settings)
    assert pg.settings == before and pg.epoch == 2 and pg.image.value == png
    for a, b in zip(weights, pg.network.weights):
        np.testing.assert_array_equal(a, b)
    if "colour" not in settings:
        with pytest.raises(error, match=match):
            Playground(**settings)


@pytest.mark.parametrize("name", Playground.CHALLENGES)
def test_every_challenge_constructs_and_sets_every_setting(pg, name):
    assert {"spiral-no-hidden", "circle-squares", "dead-relu", "overfit", "overfit-cure"} <= set(Playground.CHALLENGES)
    pg.set(learning_rate=1.0, seed=7)
    pg.step()
    pg.challenge(name)
    expected = Playground.CHALLENGES[name]
    assert set(expected) == set(DEFAULTS)
    for key, value in expected.items():
        assert pg.settings[key] == (tuple(value) if isinstance(value, (list, tuple)) else value), key
    assert pg.epoch == 0
    pg.step(2)
    assert pg.epoch == 2 and np.isfinite(pg.train_loss)


def test_the_challenges_show_what_they_promise():
    spiral = Playground(**Playground.CHALLENGES["spiral-no-hidden"])
    spiral.step(50)
    assert spiral.test_loss > 0.6                     # no better than a coin flip (ln 2 ≈ 0.693)
    def dead(p):          # hidden neurons whose output is 0 everywhere on the plane
        net = p.network
        _, caches = backprop.forward(net.weights, net.biases, net.activations, p.picture.grid_features)
        return sum(int((c[2].max(axis=0) == 0).sum()) for c in caches[:-1])
    relu = Playground(**Playground.CHALLENGES["dead-relu"])
    gentle = Playground(**{**Playground.CHALLENGES["dead-relu"], "learning_rate": 0.03})
    relu.step(30)
    gentle.step(30)
    assert dead(relu) >= 4 and dead(gentle) <= 1
    assert relu.test_loss > 0.3 > 0.05 > gentle.test_loss
    over, cure = Playground(**Playground.CHALLENGES["overfit"]), Playground(**Playground.CHALLENGES["overfit-cure"])
    over.step(150)
    cure.step(150)
    lowest = min(test for _, _, test in over.history)
    assert over.train_loss < 0.05 and over.test_loss > 1.0 > 3 * lowest   # training points learnt, test points not
    assert cure.test_loss < 0.5 < over.test_loss / 2                        # L2 keeps the test loss down
    for p in (spiral, relu, gentle, over, cure):
        p.close()


def test_regression_sets_use_a_linear_output_and_half_sse():
    pg = Playground(dataset="plane", hidden=(), features=("x1", "x2"), learning_rate=0.003)
    assert pg.network.activations[-1].name == "linear" and pg.network.loss == "half_sse"
    pg.step(50)
    assert pg.test_loss < 1e-3                      # a plane is linear: learnt exactly
    np.testing.assert_allclose(pg.network.weights[0][:, 0], [1 / 12, 1 / 12], atol=2e-3)
    pg.close()


def test_the_playgrounds_gradients_pass_the_gradient_check():
    pg = Playground(features=("x1", "x2", "x1^2", "sin(x2)"), hidden=(3, 2), dataset="spiral", seed=3)
    pg.step(3)
    errors = gradcheck.gradient_errors(pg.network, pg.F_train[:12], pg.y_train[:12], l2=0.01)
    assert max(errors.values()) < 1e-6, errors
    pg.close()


def test_a_diverging_run_stops_quietly_and_says_so():
    pg = Playground(dataset="plane", hidden=(8, 8), activation="linear", learning_rate=10.0,
                    features=features.FEATURES)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pg.step(20)
    assert pg.diverged is not None and pg.epoch < 20 and "diverged" in pg.epoch_label.value
    epoch = pg.epoch
    pg.step()
    assert pg.epoch == epoch
    pg.reset()
    assert pg.diverged is None and pg.epoch == 0
    pg.close()


def test_play_ticks_run_frames_and_pause(pg):
    pg.play()
    assert pg.playing
    pg.controls["play"].value = 1                     # what the browser's Play sends each interval
    assert pg.epoch == pg.epochs_per_frame == 10
    pg.controls["play"].value = 2
    assert pg.epoch == 20
    pg.controls["play"].value = 0                     # the stop button rewinds: no training
    assert pg.epoch == 20
    pg.pause()
    assert not pg.playing
    before = pg.image.value
    pg.frame()
    assert pg.epoch == 30 and pg.image.value != before


def test_control_moves_update_settings_and_picture(pg):
    png = pg.image.value
    pg.controls["learning_rate"].value = 0.1
    assert pg.settings["learning_rate"] == 0.1
    pg.controls["layers"].value = 3
    assert pg.settings["hidden"] == (4, 2, 4) and pg.network.layer_sizes == [2, 4, 2, 4, 1]
    assert pg.image.value != png
    pg.controls["neurons 2"].value = 6
    assert pg.settings["hidden"] == (4, 6, 4)
    pg.controls["feature x1^2"].value = True
    assert pg.settings["features"] == ("x1", "x2", "x1^2") and pg.network.layer_sizes[0] == 3
    pg.controls["dataset"].value = "multigauss"
    assert pg.network.loss == "half_sse"
    pg.controls["step"].click()
    assert pg.epoch == 1
    pg.controls["neuron"].value = (2, 5)
    assert pg.selected == (2, 5) and "h2.5" in html_unescape(pg.readout.value)
    assert [o[1] for o in pg.controls["edge"].options][1:] == [(2, i, 5) for i in range(4)]
    pg.controls["edge"].value = (2, 3, 5)
    assert pg.selected == (2, 3, 5) and "h1.3 → h2.5" in html_unescape(pg.readout.value)
    pg.controls["edge"].value = ()                  # "(the whole neuron)"
    assert pg.selected == (2, 5)
    pg.controls["neuron"].value = ()                # "(none)"
    assert pg.selected is None and pg.controls["edge"].options[0][0] == "(select a neuron first)"
    pg.controls["reset"].click()
    assert pg.epoch == 0
    # unticking the last feature is refused: the toggle goes back and the readout says why
    pg.set(features=("x1",))
    pg.controls["feature x1"].value = False
    assert pg.settings["features"] == ("x1",) and pg.controls["feature x1"].value
    assert "features" in pg.readout.value and "at least one" in pg.readout.value


def test_the_picture_shows_the_network(pg, pixels):
    img = pixels(pg.image.value)
    assert img.shape == (440, 840, 3) == (round(FIG_HEIGHT * DPI), round(FIG_WIDTH * DPI), 3)
    pg.set(hidden=(8,) * 6, features=features.FEATURES)
    big = pixels(pg.image.value)
    assert big.shape == img.shape and not np.array_equal(big, img)
    pg.select(3, 7)
    assert not np.array_equal(pixels(pg.image.value), big)           # the highlight frame
    assert len(pg.image.value) < 80_000


def test_discretise_and_test_points_change_the_picture(pg, pixels):
    pg.step(5)
    plain = pixels(pg.image.value)
    pg.set(discretise=True)
    assert not np.array_equal(pixels(pg.image.value), plain)
    pg.set(discretise=False, show_test=True)
    assert not np.array_equal(pixels(pg.image.value), plain)
    pg.set(show_test=False)
    np.testing.assert_array_equal(pixels(pg.image.value), plain)


def test_snapshot_without_a_kernel_and_stable_text(pg):
    bundle = pg._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    assert bundle["text/plain"] == repr(pg)
    assert repr(pg).startswith("Playground(circle, features x₁ x₂, hidden 4-2, tanh, η = 0.03, batch 10): epoch 0, "
                               "train loss ")
    assert repr(Playground(hidden=(), features=("x1^2",))).startswith("Playground(circle, features x₁², hidden none")


def test_selection_under_dropout_shows_which_units_were_kept():
    pg = Playground(dropout=0.5, seed=3)
    pg.step(2)
    pg.select(1, 1)
    mask = pg.trace.layers[0].mask[:, 1]
    lines = pg.selection_text().splitlines()
    header = next(i for i, line in enumerate(lines) if line.split()[:1] == ["point"])
    assert lines[header].split() == ["point", "z", "o", "ô", "kept", "δ"]
    assert "  ô_h1.1 = o_h1.1·m_h1.1/(1 − p)" in lines
    assert [line.split()[4] for line in lines[header + 1:header + 6]] == ["yes" if m else "no" for m in mask[:5]]
    pg.close()


def test_the_accuracy_is_recorded_beside_the_loss_every_epoch(pg):
    assert pg.accuracy_history == [(0, *pg.run.accuracies())]
    pg.step(3)
    assert [a[0] for a in pg.accuracy_history] == [h[0] for h in pg.history] == [0, 1, 2, 3]
    train, test = pg.accuracy_history[-1][1:]
    assert train == np.mean((pg.network.forward(pg.F_train) > 0.5) == (pg.y_train > 0.5))
    assert test == np.mean((pg.network.forward(pg.F_test) > 0.5) == (pg.y_test > 0.5))
    pg.reset()
    assert len(pg.accuracy_history) == 1
    plane = Playground(dataset="plane")                 # a regression set has no accuracy
    plane.step()
    assert all(np.isnan(a[1]) and np.isnan(a[2]) for a in plane.accuracy_history)
    plane.close()


# --------------------------------------------------------------------------- legibility (issue 35)
MIN_PX = 10          # every text of the picture at least 10 px high on screen (its font size, as CSS measures it)


def _texts(pg):
    """Every visible, non-empty text of the picture (ticks, labels, legend, title, the network's labels),
    laid out by a full draw; the animated ones (the title) drawn as a frame draws them."""
    from matplotlib.text import Text
    fig = pg.figure
    fig.canvas.draw()
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


@pytest.mark.parametrize("settings, history", [
    ({}, None),                                                                         # the default picture
    (dict(dataset="plane"), None),                                                      # loss ½(t−o)²
    (dict(hidden=(8,) * 6, features=features.FEATURES), None),                          # the largest network
    ({}, [(0, 4.0, 4.5), (1999, 0.1, 3.9)]),                                            # long runs, large losses
    (dict(dataset="multigauss"), [(0, 0.3, 0.3), (250, 0.001, 0.01)]),
    ({}, [(0, 0.7, 0.7), (99_999, 0.01, 0.02)]),                                         # the widest epoch labels
])
def test_every_text_of_the_picture_is_legible_and_inside_it(pg, settings, history):
    """Issue 35: the loss plot's labels were 7 pt at 80 dpi (7.8 px, the digits 5–6 px high) in a
    picture JupyterLab shows at its own width (840 px in a 1280 px window). Each text is now at least
    FONT_PT (10.6 px) and lies inside the picture, and the loss plot's texts stay clear of the output's."""
    assert FONT_PT * DPI / 72 >= MIN_PX
    pg.set(**settings)
    pg.step(2)
    if history is not None:                 # the loss axis for a long run: its limits and tick labels
        pg.run.history = history
        pg.update()
    texts = _texts(pg)
    assert len(texts) > 20
    renderer = pg.figure.canvas.get_renderer()
    width, height = pg.figure.canvas.get_width_height()
    for t in texts:
        assert t.get_fontsize() * DPI / 72 >= MIN_PX, (t.get_text(), t.get_fontsize())
        box = t.get_window_extent(renderer)
        assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= width and box.y1 <= height, (t.get_text(), box)
    loss_ax, out_ax = pg.picture._loss_ax, pg.picture._out_ax
    out_box = out_ax.get_tightbbox(renderer)
    loss_texts = [t for t in texts if t.axes is loss_ax or t.figure is not None and t in loss_ax.get_legend().get_texts()]
    assert loss_texts and all(not t.get_window_extent(renderer).overlaps(out_box) for t in loss_texts)
    assert loss_ax.get_tightbbox(renderer).y1 < out_box.y0                 # one above the other, no overlap
    net_boxes = [t.get_window_extent(renderer) for t in pg.picture._net_ax.texts if t.get_visible()]
    assert not any(a.overlaps(b) for k, a in enumerate(net_boxes) for b in net_boxes[k + 1:])   # layer titles, labels
    for axis in (loss_ax.xaxis, loss_ax.yaxis, out_ax.xaxis, out_ax.yaxis):  # tick labels clear of each other
        boxes = [t.get_window_extent(renderer) for t in axis.get_ticklabels() if t.get_visible() and t.get_text()]
        assert len(boxes) >= 3 and not any(a.overlaps(b) for a, b in zip(boxes, boxes[1:]))


def test_the_icon_buttons_and_toggles_have_tooltips(pg):
    """Play is drawn as icon buttons: ipywidgets puts a tooltip on it only without a description."""
    play = pg.controls["play"]
    assert play.tooltip == PLAY_TOOLTIP and play.description == ""
    assert "▶" in PLAY_TOOLTIP and "⏸" in PLAY_TOOLTIP and "■" in PLAY_TOOLTIP
    assert pg.controls["step"].tooltip and pg.controls["reset"].tooltip
    for name in features.FEATURES:
        assert pg.controls[f"feature {name}"].tooltip == f"feature {features.feature_label(name)}: click to use it or not"


def _look(toggle):
    return toggle.button_style, toggle.icon


def test_a_feature_toggle_shows_on_and_off_by_colour_and_a_check_mark(pg):
    on, off = ("info", "check"), ("", "")
    assert [_look(pg.controls[f"feature {n}"]) for n in features.FEATURES] == [on, on] + [off] * 5
    pg.set(features=("x1^2", "x2^2"))                       # set() moves the toggles: their look follows
    assert _look(pg.controls["feature x1"]) == off and _look(pg.controls["feature x1^2"]) == on
    pg.controls["feature sin(x1)"].value = True             # a click in the browser
    assert _look(pg.controls["feature sin(x1)"]) == on and "sin(x1)" in pg.settings["features"]
    pg.controls["feature sin(x1)"].value = False
    assert _look(pg.controls["feature sin(x1)"]) == off
    pg.controls["feature x1^2"].value = False               # refused (x₂² is left, so it applies) …
    pg.controls["feature x2^2"].value = False               # … the last one is refused and switched back on
    assert pg.settings["features"] == ("x2^2",) and _look(pg.controls["feature x2^2"]) == on


# Measured in Chromium (JupyterLab 4.6, ipywidgets 8.1): a menu's text is "13px Arial", with 8 px padding on the
# left and 20 px (the arrow) on the right, and its box is the control's width less the description's (80 px
# unless set) less 10 px; "(select a neuron first)" is 122 px wide there. DejaVu Sans, which matplotlib always
# has, is wider (140 px for it), so measuring with it errs on the safe side.
def _menu_overflow(dropdown):
    """The menu's entries that would not fit its box, as ``(label, width needed, room)``."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath
    font, measure = FontProperties(family="DejaVu Sans", size=13), TextToPath()
    description = int((dropdown.style.description_width or "80px").removesuffix("px")) if dropdown.description else 0
    room = int(dropdown.layout.width.removesuffix("px")) - description - 10 - 8 - 20
    labels = [o[0] if isinstance(o, tuple) else o for o in dropdown.options]
    needed = [(label, measure.get_text_width_height_descent(label, font, ismath=False)[0]) for label in labels]
    return [(label, round(width), room) for label, width in needed if width > room]


@pytest.mark.parametrize("settings, selected", [
    ({}, None), ({}, (1, 0)), (dict(hidden=(8,) * 6, features=features.FEATURES), (6, 7)),
    (dict(learning_rate=0.00001, regulariser="l2", reg_rate=0.001, dataset="multigauss", activation="leaky_relu"), None),
])
def test_every_menu_is_wide_enough_for_its_longest_entry(pg, settings, selected):
    """Issue 35: the weight menu read "(select a neuron firs"; the η and λ menus cut "0.0001" and "0.001" too."""
    pg.set(**settings)
    if selected:
        pg.select(*selected)
    assert pg.controls["edge"].options[0][0] == ("(select a neuron first)" if not selected else "(the whole neuron)")
    import ipywidgets
    menus = {name: c for name, c in pg.controls.items() if isinstance(c, ipywidgets.Dropdown)}
    assert {"neuron", "edge", "dataset", "activation", "learning_rate", "regulariser", "reg_rate"} <= set(menus)
    for name, menu in menus.items():
        assert not _menu_overflow(menu), (name, _menu_overflow(menu))


def test_the_status_line_wraps_between_phrases_only(pg):
    head = pg.readout.value.split("</div>")[0]
    spans = [part.split(">", 1)[1] for part in head.split("</span>")[:-1]]
    assert spans[0].endswith("circle: 100 training and 100 test points") and spans[-1] == "· 10 epoch(s) per play frame"
    assert head.count('<span style="white-space:nowrap">') == len(spans) == 4
    assert "(binary cross-entropy per point)" in spans


def test_a_refused_move_reads_in_every_theme(pg):
    pg.controls["feature x1"].value = False
    pg.controls["feature x2"].value = False                 # the last feature: refused, said in the theme's error colour
    assert '<div style="color:var(--jp-error-color1, #a00)">' in pg.readout.value and "at least one" in pg.readout.value
