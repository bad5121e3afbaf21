"""The HTML site in a real browser, opened from files with no server: MathJax typesets every formula,
every picture loads (figures, widget snapshots, markdown images) and nothing is asked of the network."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from backproplab.publish.site import build_site

ROOT = Path(__file__).resolve().parents[2]
# Lesson 1 has markdown images and solutions, lesson 4 the XOR explorer (a widget snapshot).
LESSONS = ["01_hand_worked_backprop.ipynb", "04_xor_training.ipynb"]
MATHJAX_DONE_JS = """() => new Promise(resolve => {
    if (!window.MathJax || !MathJax.Hub) { resolve(false); return; }
    MathJax.Hub.Queue(() => resolve(true));
})"""
MATH_REPORT_JS = """() => ({
    typeset: document.querySelectorAll('.MathJax, .MathJax_Display').length,
    sources: document.querySelectorAll('script[type^="math/tex"]').length,
    errors: document.querySelectorAll('.MathJax_Error, merror').length
            + (document.body.innerText.includes('Math Processing Error') ? 1 : 0),
})"""
IMAGES_JS = """() => [...document.images].map(img => ({
    src: img.src.slice(0, 80), loaded: img.complete && img.naturalWidth > 0}))"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("site")
    notebooks = tmp_path / "repo" / "notebooks"
    notebooks.mkdir(parents=True)
    for name in LESSONS:
        shutil.copy2(ROOT / "notebooks" / name, notebooks / name)
    shutil.copytree(ROOT / "images", tmp_path / "repo" / "images")
    out = tmp_path / "html"
    build_site(notebooks, out)
    return out


def open_offline(browser, path: Path):
    """Open ``path`` and return the page and the list of every URL it requested."""
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    assert page.wait_for_function(MATHJAX_DONE_JS, timeout=60_000).json_value(), "MathJax did not load"
    return page, requests


@pytest.mark.parametrize("page_name", ["index.html", "lessons/01_hand_worked_backprop.html",
                                       "lessons/04_xor_training.html"])
def test_site_page_renders_offline(site, browser, page_name, tmp_path):
    page, requests = open_offline(browser, site / page_name)
    try:
        math = page.evaluate(MATH_REPORT_JS)
        assert math["errors"] == 0, f"MathJax errors on {page_name}: {math}"
        assert math["typeset"] >= math["sources"], f"formulas left as TeX on {page_name}: {math}"
        images = page.evaluate(IMAGES_JS)
        assert all(image["loaded"] for image in images), [i for i in images if not i["loaded"]]
        if page_name != "index.html":
            assert math["typeset"] > 20 and len(images) >= 3, (math, len(images))
        online = [url for url in requests if not url.startswith(("file:", "data:", "blob:", "about:"))]
        assert not online, f"{page_name} asked the network for {online}"
    except BaseException as err:
        shot = tmp_path / "failure.png"
        page.screenshot(path=str(shot))
        err.add_note(f"screenshot: {shot}")
        raise
    finally:
        page.close()
