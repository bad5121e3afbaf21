"""A slow explorer move shows that it is working, in a real browser.

A notebook with lesson 5's dropout explorer; pressing End on its "hidden units" slider jumps to
128 units, which trains a new network for 5000 epochs. That took seconds on a busy machine and 0.5 s
on a quiet one, too close to the note's 0.3 s delay for a test, so the explorer here also waits one
second before each update: every move is slow. While it works the explorer carries the class
``bp-busy`` and its "working…" note is visible; once the new picture arrives the class is gone and
the note hidden again.
"""
from __future__ import annotations

import time

from lab import image_digest, notes_on_failure, run_explorer_notebook

CELL = """import time
import backproplab as bp
bp.use_one_blas_thread()
from backproplab.widgets import DropoutExplorer

class SlowDropoutExplorer(DropoutExplorer):
    def update(self):
        time.sleep(1.0)              # a slow move on any machine
        super().update()

SlowDropoutExplorer(epochs=5000)"""


def note_visible(page) -> bool:
    return page.evaluate("() => { const n = document.querySelector('.bp-explorer .bp-working');"
                         " return !!n && getComputedStyle(n).visibility === 'visible'; }")


def test_a_slow_move_says_it_is_working(lab_server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        with notes_on_failure(page, tmp_path, lab_server):
            explorer, img = run_explorer_notebook(page, lab_server, "busy.ipynb", [CELL])
            before = image_digest(img)
            assert not note_visible(page)

            handle = explorer.locator(".widget-hslider").filter(
                has=page.locator(".widget-label", has_text="hidden units")).locator(".noUi-handle")
            pressed = time.perf_counter()
            handle.press("End")                      # focuses the handle, then jumps to 128 units
            page.wait_for_function("h => parseFloat(h.getAttribute('aria-valuenow')) === 128", arg=handle.element_handle(),
                                   timeout=5000, polling=20)
            page.wait_for_selector(".bp-explorer.bp-busy", timeout=5000)
            page.wait_for_timeout(450)               # past the note's 0.3 s delay
            # one look at both, so the update cannot end between them
            busy_still, note = page.evaluate("() => [!!document.querySelector('.bp-explorer.bp-busy'),"
                                             " getComputedStyle(document.querySelector('.bp-working')).visibility]")
            if busy_still:
                assert note == "visible"
                page.screenshot(path=str(tmp_path / "busy.png"))
            page.wait_for_function("() => !document.querySelector('.bp-explorer.bp-busy')", timeout=30_000, polling=50)
            took = time.perf_counter() - pressed
            assert busy_still, f"the move took only {took:.2f} s: too fast to test the busy note"
            page.wait_for_timeout(200)
            assert not note_visible(page)
            assert image_digest(img) != before
            page.screenshot(path=str(tmp_path / "done.png"))
    finally:
        page.close()
