"""Live widgets on RISE slides, in a real browser.

jupyterlab-rise 0.43 presents a notebook in its own page (``/rise/PATH``), which loads JupyterLab's
federated extensions but shares fewer JupyterLab modules than JupyterLab does. From jupyterlab_widgets
3.0.11 (ipywidgets 8.1.3) on, the widget manager extension needs ``@jupyterlab/console``, which that page
does not share, so the extension fails to load there ("Shared module @jupyterlab/console doesn't exist
in shared scope default") and no ipywidget renders on a slide (jupyterlab-contrib/rise #119, #126). The
instructor set pins the last pair without that need (``ipywidgets<8.1.3``, ``jupyterlab_widgets<3.0.11``;
see pyproject.toml). These tests fail if a change of versions brings the failure back:

- a bare ``IntSlider`` renders on a live slide (nothing of backproplab);
- lesson 3, run as an instructor does (Run All in JupyterLab, then the slideshow), shows the live
  activation explorer on its slide, and dragging its slider changes the picture there.
"""
from __future__ import annotations

import time
from pathlib import Path

import nbformat
import pytest
from lab import (OPEN_TIMEOUT_MS, copy_lesson, image_digest,
                 notes_on_failure, open_notebook, run_all_cells, write_notebook)

pytest.importorskip("jupyterlab_rise")

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "notebooks" / "03_sigmoid_derivative.ipynb"
FIGURE_CHANGE_S = 3.0           # from the slider's release to new image bytes on the slide
PRESENT = ".reveal .slides section.present"
SHOWN = ".reveal .slides section.present:not(.stack)"     # the slide on screen (not its vertical stack)


def _open_slideshow(page, server, path):
    page.goto(server.url(f"rise/{path}"))
    page.locator(PRESENT).first.wait_for(timeout=OPEN_TIMEOUT_MS)
    page.wait_for_function("() => document.querySelector('.jp-Notebook') !== null", timeout=OPEN_TIMEOUT_MS)


def test_a_bare_slider_renders_on_a_live_slide(lab_server, browser, tmp_path):
    cells = [nbformat.v4.new_markdown_cell("# A bare slider"),
             nbformat.v4.new_code_cell("import ipywidgets as w\nw.IntSlider(description='plain')")]
    for cell in cells:
        cell.metadata["slideshow"] = {"slide_type": "slide"}
    write_notebook(lab_server.root, "bare.ipynb", cells)
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        with notes_on_failure(page, tmp_path, lab_server):
            _open_slideshow(page, lab_server, "bare.ipynb")
            page.keyboard.press("ArrowRight")
            editor = page.locator(".reveal .present .jp-CodeCell .cm-content").first
            editor.wait_for(timeout=OPEN_TIMEOUT_MS)
            page.wait_for_timeout(3000)                     # the kernel connects
            editor.click()
            page.keyboard.press("Shift+Enter")
            output = page.locator(".reveal .jp-CodeCell .jp-OutputArea-output").first
            output.wait_for(timeout=30_000)                 # the cell ran and shows something
            slider = page.locator(".reveal .jp-OutputArea-output .widget-hslider")
            try:
                slider.first.wait_for(timeout=10_000)
            except Exception:
                pass
            page.screenshot(path=str(tmp_path / "rise_slider.png"))
            assert slider.count() == 1, f"no slider on the slide; the output reads {output.text_content()!r}"
    finally:
        page.close()


def test_lesson_3_explorer_is_live_on_its_slide(lab_server, browser, tmp_path):
    path = copy_lesson(lab_server.root, LESSON)
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        with notes_on_failure(page, tmp_path, lab_server):
            # As docs/instructors.md says: run all cells in JupyterLab, save, then present.
            open_notebook(page, lab_server, path)
            run_all_cells(page)
            page.keyboard.press("Control+s")
            page.wait_for_timeout(1500)
            _open_slideshow(page, lab_server, path)
            # Forward (Space walks every slide, sub-slide and fragment) to the explorer's slide.
            explorer = page.locator(f"{SHOWN} .bp-explorer")
            for _ in range(250):
                if explorer.count() and explorer.first.is_visible():
                    break
                page.keyboard.press("Space")
                page.wait_for_timeout(120)
            assert explorer.count() == 1, "no live explorer on any slide (only its snapshot?)"
            page.wait_for_timeout(1000)
            slider = explorer.locator(".widget-hslider").first
            handle, readout = slider.locator(".noUi-handle"), slider.locator(".widget-readout")
            image = explorer.locator(".bp-figure img, img.bp-figure").first
            before, readout_before = image_digest(image), readout.text_content()
            page.screenshot(path=str(tmp_path / "rise_explorer_before.png"))
            # Drag the handle 60 px to the right with the mouse, as in front of a class (an arrow key
            # would move the slider and the slideshow both: reveal.js listens on the whole page).
            box = handle.bounding_box()
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            page.mouse.down()
            page.mouse.move(box["x"] + box["width"] / 2 + 60, box["y"] + box["height"] / 2, steps=6)
            pressed = time.monotonic()
            page.mouse.up()
            after = before
            while after == before and time.monotonic() - pressed < FIGURE_CHANGE_S:
                page.wait_for_timeout(50)
                after = image_digest(image)
            elapsed = time.monotonic() - pressed
            page.screenshot(path=str(tmp_path / "rise_explorer_after.png"))
            assert readout.text_content() != readout_before, "the slider did not move"
            assert after != before, f"the picture on the slide did not change within {FIGURE_CHANGE_S} s of the release"
            print(f"slide's explorer redrawn {elapsed:.2f} s after the slider's release "
                  f"({readout_before} -> {readout.text_content()}); screenshots in {tmp_path}")
    finally:
        page.close()
