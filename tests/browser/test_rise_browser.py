"""Live slides (jupyterlab-rise) at projector size, in a real browser.

Lesson 3 opened as a RISE slideshow (the ``/rise/PATH`` page that JupyterLab's slideshow button shows)
at 1280 × 720: RISE loads ``notebooks/rise.css`` (it asks for ``rise.css`` in the notebook's folder),
the body text of a slide is projector-sized (at least ``MIN_TEXT_PX``; RISE's own is 14 px), and
maths variables are set in MathJax's italic font. A screenshot of the slide is kept.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from lab import OPEN_TIMEOUT_MS, copy_lesson, notes_on_failure

pytest.importorskip("jupyterlab_rise")

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "notebooks" / "03_sigmoid_derivative.ipynb"
MIN_TEXT_PX = 22

SLIDE_JS = """() => {
  const slide = document.querySelector('.reveal .slides section.present:not(.stack)');
  const p = slide && slide.querySelector('.jp-RenderedMarkdown p');
  const mi = slide && slide.querySelector('mjx-mi.mjx-i mjx-c');
  return {text: p ? parseFloat(getComputedStyle(p).fontSize) : null,
          math: mi ? getComputedStyle(mi).fontFamily : null,
          heading: slide && slide.querySelector('h1, h2, h3') ? slide.querySelector('h1, h2, h3').textContent : null};
}"""


def test_live_slides_are_projector_sized(lab_server, browser, tmp_path):
    path = copy_lesson(lab_server.root, LESSON)
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    css_status = []
    page.on("response", lambda r: css_status.append(r.status) if r.url.split("?")[0].endswith("/notebooks/rise.css") else None)
    try:
        with notes_on_failure(page, tmp_path, lab_server):
            page.goto(lab_server.url(f"rise/{path}"))
            page.locator(".reveal .slides section.present").first.wait_for(timeout=OPEN_TIMEOUT_MS)
            # forward to the first slide with a paragraph and a maths variable on it
            seen = None
            for _ in range(30):
                page.wait_for_timeout(400)
                seen = page.evaluate(SLIDE_JS)
                if seen["text"] and seen["math"]:
                    break
                page.keyboard.press("ArrowRight")
            page.wait_for_timeout(500)
            page.screenshot(path=str(tmp_path / "slide.png"))
            assert css_status and css_status[-1] == 200, f"rise.css answers {css_status}"
            assert seen["text"] and seen["text"] >= MIN_TEXT_PX, f"body text {seen}"
            assert "MJXTEX-I" in seen["math"], f"maths variables not in MathJax's italic font: {seen}"
            print(f"slide {seen['heading']!r}: text {seen['text']:.0f} px, maths font {seen['math']}")
    finally:
        page.close()
