"""Lesson 10's playground in a real browser: play, pause, one step, select a neuron.

A notebook with one cell, the default ``Playground`` (circle, features x₁ x₂, hidden 4-2, tanh), runs in
JupyterLab (Debian's Chromium, Playwright). The test presses the Play control's ▶ (ipywidgets 8 draws an
``ipywidgets.Play`` as buttons with Font Awesome icons: ``.fa-play``, ``.fa-pause``) and lets it play for
two seconds: the epoch counter and the picture — the bytes behind the ``<img>`` — change. ⏸ stops it:
the counter stays. The "step" button adds exactly one epoch. Choosing the neuron h1.0 in the "select"
menu puts its numbers in the readout: its δ column and the gradients of its incoming weights.
"""
from __future__ import annotations

import re
import time

from lab import image_digest, notes_on_failure, run_explorer_notebook

# The test's own hooks: classes on the epoch counter and the readout (the widget's public attributes).
CELL = """import backproplab as bp
bp.use_one_blas_thread()
from backproplab.widgets import Playground
pg = Playground()
pg.epoch_label.add_class("bp-test-epoch")
pg.readout.add_class("bp-test-readout")
pg"""
PLAY_S = 2.0                 # the issue: play for two seconds
STEP_TIMEOUT_MS = 5_000      # one step answers in ~0.1 s; generous for a busy machine
NUMBER = r"[−-]?\d+(?:\.\d+)?(?:e[−-]?\d+)?"


def epoch(page) -> int:
    text = page.locator(".bp-test-epoch").inner_text()
    found = re.search(r"epoch (\d+)", text)
    assert found, f"no epoch counter in {text!r}"
    return int(found[1])


def settled_epoch(page, quiet_ms=600, timeout_s=10.0) -> int:
    """The epoch once it has stopped changing for ``quiet_ms`` (a frame may still be under way)."""
    deadline = time.monotonic() + timeout_s
    last = epoch(page)
    while time.monotonic() < deadline:
        page.wait_for_timeout(quiet_ms)
        now = epoch(page)
        if now == last:
            return now
        last = now
    raise AssertionError(f"the epoch counter still moved {timeout_s} s after pause (last {last})")


def test_playground_plays_pauses_steps_and_shows_a_neurons_delta(lab_server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        with notes_on_failure(page, tmp_path, lab_server):
            explorer, img = run_explorer_notebook(page, lab_server, "playground.ipynb", [CELL])
            assert epoch(page) == 0
            before = image_digest(img)

            # play for two seconds: the counter and the picture move
            play = explorer.locator(".widget-play button").filter(has=page.locator(".fa-play"))
            pause = explorer.locator(".widget-play button").filter(has=page.locator(".fa-pause"))
            play.click()
            page.wait_for_timeout(PLAY_S * 1000)
            played = epoch(page)
            pause.click()
            paused = settled_epoch(page)
            assert played > 0, f"the epoch counter did not move in {PLAY_S} s of play"
            assert image_digest(img) != before, "the picture did not change while playing"
            page.wait_for_timeout(500)
            assert epoch(page) == paused, "training went on after pause"

            # one step: exactly one epoch more, and a new picture
            shown = image_digest(img)
            explorer.get_by_role("button", name="step", exact=True).click()
            page.wait_for_function(f"() => /epoch {paused + 1}\\b/.test(document.querySelector('.bp-test-epoch').innerText)",
                                   timeout=STEP_TIMEOUT_MS, polling=50)
            page.wait_for_timeout(300)
            assert epoch(page) == paused + 1
            assert image_digest(img) != shown, "the picture did not change after one step"

            # select a neuron: its δ appears in the readout
            readout = page.locator(".bp-test-readout")
            assert "δ_h1.0 = " not in readout.inner_text()
            menu = explorer.locator(".widget-dropdown").filter(has=page.locator("label", has_text="select")).locator("select")
            menu.select_option(label="h1.0 (layer 1)")
            page.wait_for_function("() => document.querySelector('.bp-test-readout').innerText.includes('δ_h1.0 = ')",
                                   timeout=STEP_TIMEOUT_MS, polling=50)
            text = readout.inner_text()
            assert f"neuron h1.0 (hidden layer 1, unit 0, tanh) · epoch {paused + 1}" in text, text[:300]
            rows = re.findall(rf"^\s*(\d+)\s+({NUMBER})\s+({NUMBER})\s+({NUMBER})\s*$", text, re.M)
            assert len(rows) == 5, f"expected five points with z, o and δ in the readout:\n{text}"
            assert re.search(rf"w_x₁,h1\.0\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}", text), text
            readout.scroll_into_view_if_needed()
            page.screenshot(path=str(tmp_path / "playground.png"), full_page=False)
    finally:
        page.close()
