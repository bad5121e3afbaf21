"""Every explorer stays usable on a 1024 × 768 screen with JupyterLab's file browser open.

One notebook shows the widgets of the lessons (activation, XOR, dropout and optimiser explorers and
the step-through). On a narrow notebook their control rows must wrap rather than squeeze: every slider
keeps a track a hand can drag (at least ``MIN_TRACK_PX`` wide), no control sticks out past the right
edge of its output area, and no picture is wider than the area it is in. A screenshot of the page is
kept in the test's folder, and one of each widget.
"""
from __future__ import annotations

from lab import (OPEN_TIMEOUT_MS, assert_no_errors_and_all_ran, notes_on_failure,
                 open_notebook, run_all_cells, write_notebook)

MIN_TRACK_PX = 120
CELLS = [
    "import backproplab as bp\nbp.use_one_blas_thread()\nfrom backproplab import widgets\n"
    "from backproplab.lessons import handworked",
    "widgets.ActivationExplorer()",
    "widgets.XORExplorer()",
    "widgets.DropoutExplorer()",
    "widgets.StepThrough(handworked.trace())",
    "widgets.OptimiserExplorer()",
]

# For every widget output area: its right edge, and each slider track, control and picture in it.
MEASURE_JS = """() => [...document.querySelectorAll('.jp-OutputArea-output .widget-vbox.widget-container')]
  .filter(box => !box.parentElement.closest('.widget-vbox'))
  .map(box => {
    const area = box.closest('.jp-OutputArea-output').getBoundingClientRect();
    const rect = el => el.getBoundingClientRect();
    return {
      right: area.right,
      tracks: [...box.querySelectorAll('.widget-hslider')].map(s => ({
        label: s.querySelector('.widget-label')?.textContent || '',
        width: rect(s.querySelector('.noUi-base') || s).width})),
      controls: [...box.querySelectorAll('.widget-hslider, .widget-dropdown, .widget-button, .widget-play')]
        .map(c => ({label: c.querySelector('.widget-label')?.textContent || c.textContent.trim(), right: rect(c).right})),
      pictures: [...box.querySelectorAll('img.widget-image')].map(i => rect(i).right),
    };
  })"""


def test_explorers_fit_a_1024_wide_screen(lab_server, browser, tmp_path):
    write_notebook(lab_server.root, "narrow.ipynb", CELLS)
    page = browser.new_page(viewport={"width": 1024, "height": 768})
    try:
        with notes_on_failure(page, tmp_path, lab_server):
            open_notebook(page, lab_server, "narrow.ipynb")
            if not page.locator(".jp-FileBrowser").is_visible():          # the sidebar open, as students have it
                page.keyboard.press("Control+Shift+F")
            page.locator(".jp-FileBrowser").wait_for(state="visible", timeout=OPEN_TIMEOUT_MS)
            run_all_cells(page)
            assert_no_errors_and_all_ran(page, len(CELLS))
            page.locator("img.widget-image").nth(len(CELLS) - 2).wait_for(state="visible", timeout=OPEN_TIMEOUT_MS)
            page.wait_for_timeout(500)
            boxes = page.evaluate(MEASURE_JS)
            page.screenshot(path=str(tmp_path / "narrow.png"))
            outputs = page.locator(".jp-CodeCell .jp-OutputArea-output").filter(has=page.locator(".widget-vbox"))
            for i in range(outputs.count()):
                outputs.nth(i).screenshot(path=str(tmp_path / f"widget{i + 1}.png"))
            assert len(boxes) == len(CELLS) - 1, boxes
            for box in boxes:
                for track in box["tracks"]:
                    assert track["width"] >= MIN_TRACK_PX, f"slider {track['label']!r}: track {track['width']:.0f} px"
                for control in box["controls"]:
                    assert control["right"] <= box["right"] + 1, f"{control['label']!r} sticks out: {control}, {box['right']}"
                for right in box["pictures"]:
                    assert right <= box["right"] + 1, f"a picture is wider than its output area ({right} > {box['right']})"
    finally:
        page.close()
