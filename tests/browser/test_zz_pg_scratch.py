import time
import nbformat
from lab import image_digest, notes_on_failure, open_notebook, run_all_cells

CELL1 = '''from backproplab.widgets import Playground
import time
pg = Playground()
log = []
orig = pg._on_tick
def wrapped(change):
    t = time.perf_counter(); e = pg.epoch; orig(change); log.append((t, time.perf_counter() - t, pg.epoch - e))
ups = []
orig_update = pg.update
def timed_update():
    t = time.perf_counter(); orig_update(); ups.append(time.perf_counter() - t)
pg.update = timed_update
trains = []
orig_train = pg._train_epoch
def timed_train():
    t = time.perf_counter(); r = orig_train(); trains.append(time.perf_counter() - t); return r
pg._train_epoch = timed_train
pg.controls["play"].unobserve(orig, names="value")
pg.controls["play"].observe(wrapped, names="value")
pg'''
CELL2 = '''import numpy as np
print("TICKS", len(log), "ms", [round(x[1] * 1000) for x in log], "epochs", [x[2] for x in log], "gaps", np.round(np.diff([x[0] for x in log]) * 1000).astype(int).tolist(), "update", np.round(np.array(ups) * 1000).astype(int).tolist(), "train epoch median ms", np.median(trains) * 1000)'''


def test_scratch_playground(lab_server, browser, tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(CELL1), nbformat.v4.new_code_cell("pass")]
    (lab_server.root / "pg.ipynb").write_text(nbformat.writes(nb))
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    with notes_on_failure(page, tmp_path, lab_server):
        open_notebook(page, lab_server, "pg.ipynb")
        run_all_cells(page)
        image = page.locator("img.widget-image")
        image.wait_for(state="visible")
        page.wait_for_timeout(1000)
        page.screenshot(path="/work/wtpg/.scratch/browser0.png", full_page=True)
        before = image_digest(image)
        label = page.locator(".widget-html", has_text="epoch").first
        print("label", label.text_content())
        play = page.locator(".widget-play button").first
        play.click()
        page.wait_for_timeout(3000)
        page.locator(".widget-play button").nth(1).click()   # pause
        page.wait_for_timeout(500)
        print("label after", label.text_content())
        page.screenshot(path="/work/wtpg/.scratch/browser1.png", full_page=True)
        cell = page.locator(".jp-Notebook .jp-CodeCell").nth(1)
        cell.locator(".cm-content").click()
        page.keyboard.press("Control+a")
        page.keyboard.insert_text(CELL2)
        page.keyboard.press("Shift+Enter")
        page.wait_for_timeout(3000)
        print(page.locator(".jp-OutputArea-output", has_text="TICKS").text_content())
        assert image_digest(image) != before
