"""The step-through in a real browser: focus its slider, press → a few times, and the picture and the
formula line change with each press (issue 25)."""
from __future__ import annotations

import time

from lab import image_digest, open_notebook, run_all_cells, write_notebook

CELLS = ["from backproplab.lessons import handworked\nfrom backproplab.widgets import StepThrough",
         "StepThrough(handworked.trace())"]
CHANGE_S = 5.0


def test_arrow_keys_step_through_the_quantities(lab_server, browser, tmp_path):
    write_notebook(lab_server.root, "step.ipynb", CELLS)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        open_notebook(page, lab_server, "step.ipynb")
        run_all_cells(page)
        image = page.locator("img.widget-image")
        image.wait_for(state="visible")
        line = page.locator(".widget-html-content").last
        handle = page.locator(".widget-hslider .noUi-handle")
        assert "0/26" in line.text_content()
        handle.focus()
        seen = [(image_digest(image), line.text_content())]
        for expected in ("1/26", "2/26", "3/26"):
            handle.press("ArrowRight")
            start = time.monotonic()
            while expected not in line.text_content() and time.monotonic() - start < CHANGE_S:
                page.wait_for_timeout(50)
            page.wait_for_timeout(200)
            seen.append((image_digest(image), line.text_content()))
            assert expected in seen[-1][1], seen[-1][1]
        assert "z_D = x_A·w_AD" in seen[1][1] and "o_D = σ(z_D)" in seen[2][1]
        assert len({digest for digest, _ in seen}) == 4, "each press draws a new picture"
        page.screenshot(path=str(tmp_path / "step_through.png"))
    finally:
        page.close()
