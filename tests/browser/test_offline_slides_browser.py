"""Static slides that present without internet, in a real browser with the network blocked.

``build_slides(offline=True)`` copies reveal.js, require.js, jQuery and MathJax beside the decks
(downloading the pinned npm tarballs once, which needs the internet at build time only). Chromium
then opens lesson 1's deck from disk with every request that is not a ``file:`` one aborted: reveal.js
must start (``.reveal.ready``), MathJax must typeset (no raw ``\\frac`` or ``$$`` left on the slides),
and moving to the next slide must work; on the step-through's slide each press of the space bar reveals one
more quantity. Screenshots of a slide with maths and of the step-through are kept.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "notebooks" / "01_hand_worked_backprop.ipynb"

pytest.importorskip("nbconvert")
pytest.importorskip("jupyter_server_mathjax")

# TeX left as text on a slide: a text node with \\frac or $$ outside what MathJax made (its output and
# the hidden MathML it keeps for screen readers, which carries the TeX as an annotation).
RAW_TEX_JS = """function rawTeX() {
  const walker = document.createTreeWalker(document.querySelector('.reveal .slides'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest('.MathJax, .MathJax_Display, .MJX_Assistive_MathML, math, script')) continue;
    if (/\\\\frac|\\$\\$/.test(node.textContent)) return node.textContent.slice(0, 120);
  }
  return null;
}"""
STATE_JS = """() => {
  const slide = document.querySelector('.reveal .slides section.present:not(.stack)');
  return {ready: !!document.querySelector('.reveal.ready'),
          typeset: document.querySelectorAll('.MathJax, .MathJax_Display, .MathJax_CHTML').length,
          raw: rawTeX(),
          index: [...document.querySelectorAll('.reveal .slides > section')].findIndex(s => s.classList.contains('present')), maths: slide ? slide.querySelectorAll('.MathJax').length : 0};
}"""


def test_offline_deck_presents_with_the_network_blocked(browser, tmp_path):
    from backproplab.publish.slides import build_slides

    (tmp_path / "repo" / "notebooks").mkdir(parents=True)
    shutil.copy2(LESSON, tmp_path / "repo" / "notebooks" / LESSON.name)
    shutil.copytree(ROOT / "images", tmp_path / "repo" / "images")
    out = tmp_path / "slides"
    written = build_slides(tmp_path / "repo" / "notebooks", out, offline=True, cache_dir=tmp_path / "cache")
    deck = out / f"{LESSON.stem}.slides.html"
    assert deck in written and (out / "vendor" / "reveal.js" / "dist" / "reveal.js").is_file()
    html = deck.read_text(encoding="utf-8")
    assert "https://unpkg.com/reveal.js" not in html and "cdnjs.cloudflare.com/ajax/libs/mathjax" not in html

    page = browser.new_page(viewport={"width": 1280, "height": 720})
    blocked = []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
               else (blocked.append(route.request.url), route.abort()))
    try:
        page.goto(deck.as_uri())
        page.wait_for_function("() => document.querySelector('.reveal.ready')", timeout=30_000)
        page.wait_for_function("() => window.MathJax && MathJax.Hub && MathJax.Hub.queue.pending === 0 "
                               "&& document.querySelectorAll('.MathJax').length > 0", timeout=60_000)
        state = page.evaluate(f"(() => {{ {RAW_TEX_JS}; return ({STATE_JS})(); }})")
        assert state["ready"] and state["typeset"] > 0 and not state["raw"], state
        for _ in range(12):                       # forward to a slide with maths on it
            if state["maths"]:
                break
            page.keyboard.press("ArrowRight")
            page.wait_for_timeout(300)
            state = page.evaluate(f"(() => {{ {RAW_TEX_JS}; return ({STATE_JS})(); }})")
        assert state["index"] > 0 and state["maths"] > 0, state
        page.screenshot(path=str(tmp_path / "offline_slide.png"))

        # the step-through: each press of the space bar (reveal.js's "next") reveals one more quantity
        here = "section.present:not(.stack) .bp-step-through"
        shown_js = f"() => document.querySelectorAll('{here} img.fragment.visible').length"
        for _ in range(300):
            if page.evaluate(f"() => !!document.querySelector('{here}')"):
                break
            page.keyboard.press("Space")
            page.wait_for_timeout(40)
        frames = page.locator(f"{here} img")
        assert frames.count() > 20, "no step-through on the slides"
        before = page.evaluate(shown_js)
        for _ in range(3):
            page.keyboard.press("Space")
            page.wait_for_timeout(150)
        assert page.evaluate(shown_js) == before + 3
        page.screenshot(path=str(tmp_path / "step_through_slide.png"))
        # only cosmetic requests went unanswered: web fonts (and nothing of reveal.js, jQuery or MathJax)
        assert all("fonts.googleapis" in url or "mermaid" in url for url in blocked), blocked
        print(f"slide {state['index']}: {state['maths']} formulas typeset offline; blocked: {blocked}")
    finally:
        page.close()
