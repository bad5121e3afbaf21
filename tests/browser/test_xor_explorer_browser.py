"""Lesson 3 in a real browser: JupyterLab runs every cell, then the XOR explorer answers the keyboard.

Opens a copy of ``notebooks/03_xor_training.ipynb`` in JupyterLab (Debian's Chromium, Playwright),
runs all cells from the Run menu, checks that no cell shows an error, focuses the learning-rate
slider's handle (ipywidgets 8 draws sliders with noUiSlider: the handle is ``.noUi-handle``,
``role="slider"``, ``tabindex="0"``, and takes the arrow keys), presses → and checks that the
explorer's picture — the bytes behind its ``<img>`` — changes within two seconds.
"""
from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "notebooks" / "03_xor_training.ipynb"
OPEN_TIMEOUT_MS = 90_000        # JupyterLab's page and the kernel: ~15 s here
RUN_ALL_TIMEOUT_MS = 150_000    # every cell of the lesson: ~20 s here, more on a busy machine
FIGURE_CHANGE_S = 2.0           # the limit, from the key press to new image bytes

# SHA-256 of the bytes behind an <img> (a blob: URL from the Image widget).
IMAGE_DIGEST_JS = """async img => {
    const data = await (await fetch(img.src)).arrayBuffer();
    const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
    return Array.from(hash, b => b.toString(16).padStart(2, '0')).join('') + ':' + data.byteLength;
}"""
BUSY_JS = """() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
                     .some(p => p.textContent.includes('*'))"""
# Done when no cell is queued or running; or as soon as an error shows (Run All stops there).
FINISHED_OR_FAILED_JS = """() => {
    const busy = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
                 .some(p => p.textContent.includes('*'));
    const kernelIdle = document.querySelector('#jp-main-statusbar').textContent.includes('Idle');
    const error = [...document.querySelectorAll(
        '.jp-Notebook .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
        .some(o => /Error|Traceback/.test(o.textContent));
    return (!busy && kernelIdle) || error;
}"""
STDERR = '.jp-Notebook .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'


def copy_lesson(server_root: Path) -> str:
    """The lesson and the repo's images, laid out as in the repository (``make lab`` serves the repo
    root, so a lesson's ``../images/NAME.png`` resolves); returns the notebook's path on the server."""
    (server_root / "notebooks").mkdir()
    shutil.copy2(LESSON, server_root / "notebooks" / LESSON.name)
    if (ROOT / "images").is_dir():
        shutil.copytree(ROOT / "images", server_root / "images")
    return f"notebooks/{LESSON.name}"


def image_digest(img) -> str:
    return img.evaluate(IMAGE_DIGEST_JS)


def run_all_cells(page):
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_function(BUSY_JS, timeout=30_000, polling=100)          # the run has started
    page.wait_for_function(FINISHED_OR_FAILED_JS, timeout=RUN_ALL_TIMEOUT_MS, polling=250)


def assert_no_errors_and_all_ran(page, n_code_cells: int):
    errors = [text for text in page.locator(STDERR).all_text_contents()
              if re.search(r"Error|Traceback|Warning", text)]
    assert not errors, "cells show errors or warnings:\n" + "\n---\n".join(errors)
    prompts = page.locator(".jp-Notebook .jp-CodeCell .jp-InputPrompt").all_text_contents()
    counts = [int(m.group(1)) for p in prompts if (m := re.fullmatch(r"\s*\[(\d+)\]:\s*", p))]
    # A fresh kernel numbers the cells 1, 2, …: the last one carries the number of code cells.
    assert counts and max(counts) == n_code_cells, (
        f"not every cell ran: highest execution count {max(counts, default=None)}, "
        f"{n_code_cells} code cells; prompts: {prompts}")


def test_xor_explorer_redraws_after_a_key_press(lab_server, browser, tmp_path):
    notebook_path = copy_lesson(lab_server.root)
    n_code_cells = sum(c.cell_type == "code" for c in nbformat.read(LESSON, as_version=4).cells)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(lab_server.url(f"lab/tree/{notebook_path}"))
        page.locator(".jp-Notebook .jp-CodeCell").first.wait_for(timeout=OPEN_TIMEOUT_MS)
        page.wait_for_function("() => document.querySelector('#jp-main-statusbar')?.textContent.includes('Idle')",
                               timeout=OPEN_TIMEOUT_MS, polling=250)

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
    except BaseException as err:
        shot = tmp_path / "failure.png"
        try:
            page.screenshot(path=str(shot), full_page=False)
            err.add_note(f"screenshot: {shot}")
        except Exception as shot_err:          # the browser may be gone
            err.add_note(f"(no screenshot: {shot_err})")
        err.add_note(f"JupyterLab log ({lab_server.log_path}), last lines:\n{lab_server.log(2000)}")
        raise
    finally:
        page.close()
