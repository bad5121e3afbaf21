"""Lesson 4 in a real browser: JupyterLab runs every cell, then the XOR explorer answers the keyboard.

Opens a copy of ``notebooks/04_xor_training.ipynb`` in JupyterLab (Debian's Chromium, Playwright),
runs all cells from the Run menu, checks that no cell shows an error, focuses the learning-rate
slider's handle (ipywidgets 8 draws sliders with noUiSlider: the handle is ``.noUi-handle``,
``role="slider"``, ``tabindex="0"``, and takes the arrow keys), presses → and checks that the
explorer's picture — the bytes behind its ``<img>`` — changes within two seconds.
"""
from __future__ import annotations

import time
from pathlib import Path

import nbformat
from lab import assert_no_errors_and_all_ran, copy_lesson, image_digest, notes_on_failure, open_notebook, run_all_cells

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "notebooks" / "04_xor_training.ipynb"

FIGURE_CHANGE_S = 2.0           # the limit, from the key press to new image bytes


def test_xor_explorer_redraws_after_a_key_press(lab_server, browser, tmp_path):
    notebook_path = copy_lesson(lab_server.root, LESSON)
    n_code_cells = sum(c.cell_type == "code" for c in nbformat.read(LESSON, as_version=4).cells)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        with notes_on_failure(page, tmp_path, lab_server):
            open_notebook(page, lab_server, notebook_path)

            run_all_cells(page)
            assert_no_errors_and_all_ran(page, n_code_cells)

            # The explorer: the one cell whose output has the learning-rate slider.
            explorer = page.locator(".jp-Notebook .jp-CodeCell").filter(
                has=page.locator(".widget-hslider .widget-label", has_text="learning rate"))
            assert explorer.count() == 1
            slider = explorer.locator(".widget-hslider").filter(
                has=page.locator(".widget-label", has_text="learning rate"))
            handle = slider.locator(".noUi-handle")
            readout = slider.locator(".widget-readout")
            image = explorer.locator("img.widget-image")
            image.scroll_into_view_if_needed()
            image.wait_for(state="visible")
            page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
            before, readout_before = image_digest(image), readout.text_content()
            exponent_before = float(handle.get_attribute("aria-valuenow"))

            handle.focus()
            pressed = time.monotonic()
            handle.press("ArrowRight")          # one step of the slider: 10^0.1 × the learning rate
            after = before
            while after == before and time.monotonic() - pressed < FIGURE_CHANGE_S:
                page.wait_for_timeout(50)
                after = image_digest(image)
            elapsed = time.monotonic() - pressed

            assert after != before, f"the explorer's figure did not change within {FIGURE_CHANGE_S} s of the key press"
            assert float(handle.get_attribute("aria-valuenow")) > exponent_before
            assert readout.text_content() != readout_before
            assert_no_errors_and_all_ran(page, n_code_cells)
            print(f"figure changed {elapsed:.2f} s after the key press "
                  f"(learning rate {readout_before} → {readout.text_content()})")
    finally:
        page.close()
