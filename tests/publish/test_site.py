"""The HTML site (``make site``): one page per lesson from the stored outputs, a table of contents,
and nothing fetched from the internet (MathJax copied, widgets as PNG snapshots, images copied)."""
import base64
from pathlib import Path
from urllib.parse import unquote, urlsplit

import bs4
import nbformat
import pytest

from backproplab.publish.mathjax import LOCAL_CONFIG as MATHJAX_CONFIG
from backproplab.publish.mathjax import font_config
from backproplab.publish.site import build_site, lesson_title

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
LESSON_PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "html"
    written = build_site(NOTEBOOKS, out)
    return out, written


_parsed = {}


def soup(path: Path) -> bs4.BeautifulSoup:
    """The parsed page (parsed once: the pages are large)."""
    if path not in _parsed:
        _parsed[path] = bs4.BeautifulSoup(path.read_text(encoding="utf-8"), features="html.parser")
    return _parsed[path]


def page_of(out: Path, notebook: Path) -> Path:
    return out / "lessons" / f"{notebook.stem}.html"


def sections_in_source(nb) -> list[str]:
    """The ``## `` headings of the notebook's markdown, outside fenced code."""
    sections = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        fenced = False
        for line in cell.source.splitlines():
            fenced ^= line.lstrip().startswith("```")
            if not fenced and line.startswith("## "):
                sections.append(line[3:].strip())
    return sections


def test_one_page_per_lesson_and_an_index(site):
    out, written = site
    assert LESSON_PATHS, "no lessons found"
    assert written[0] == out / "index.html"
    for notebook in LESSON_PATHS:
        assert page_of(out, notebook) in written
        assert page_of(out, notebook).stat().st_size > 10_000
    assert all(Path(p).exists() for p in written)


def test_contents_lists_every_lesson_and_its_sections_in_order(site):
    out, _ = site
    index = soup(out / "index.html")
    lessons = index.select("ol.bp-lessons > li")
    assert len(lessons) == len(LESSON_PATHS)
    for item, notebook in zip(lessons, LESSON_PATHS):
        nb = nbformat.read(notebook, as_version=4)
        title_link = item.find("a")
        assert title_link["href"] == f"lessons/{notebook.stem}.html"
        assert title_link.get_text() == lesson_title(nb) != ""
        section_links = item.select("ol.bp-sections a")
        expected = sections_in_source(nb)
        assert len(section_links) == len(expected) > 0
        page = soup(out / title_link["href"])
        ids = {tag["id"] for tag in page.select("[id]")}
        for link, heading in zip(section_links, expected):
            href = urlsplit(link["href"])
            assert href.path == title_link["href"]
            assert href.fragment in ids, f"{link['href']} points at no heading"
            # The heading's words (LaTeX stays as TeX source for MathJax).
            assert link.get_text(" ", strip=True).split()[:2] == heading.split()[:2]


def test_pages_link_contents_previous_and_next(site):
    out, _ = site
    hrefs = [f"{p.stem}.html" for p in LESSON_PATHS]
    for i, notebook in enumerate(LESSON_PATHS):
        page = soup(page_of(out, notebook))
        nav = page.select_one("nav.bp-nav-top")
        assert nav.select_one("a.bp-nav-contents")["href"] == "../index.html"
        previous, following = nav.select_one("a.bp-nav-previous"), nav.select_one("a.bp-nav-next")
        assert (previous["href"] if previous else None) == (hrefs[i - 1] if i > 0 else None)
        assert (following["href"] if following else None) == (hrefs[i + 1] if i + 1 < len(hrefs) else None)
        assert page.select_one("nav.bp-nav-bottom") is not None
        assert page.title.get_text() == lesson_title(nbformat.read(notebook, as_version=4))


def test_mathjax_is_local_and_nothing_comes_from_the_internet(site):
    out, _ = site
    mathjax = out / "mathjax"
    assert (mathjax / "MathJax.js").is_file()
    for name in MATHJAX_CONFIG.split(","):
        assert (mathjax / "config" / f"{name}.js").is_file()
    assert (mathjax / "fonts" / "HTML-CSS" / "STIX-Web" / "woff").is_dir()   # the only fonts it ships
    for page_path in [out / "index.html", *(page_of(out, n) for n in LESSON_PATHS)]:
        page = soup(page_path)
        sources = [s["src"] for s in page.select("script[src]")]
        assert sources, f"{page_path.name} loads no script (MathJax missing)"
        for src in sources:
            assert not urlsplit(src).scheme, f"{page_path.name} loads {src} from the internet"
            target = (page_path.parent / unquote(urlsplit(src).path)).resolve()
            assert target.is_file(), f"{page_path.name}: {src} does not exist"
        mathjax_src = next(s for s in sources if "MathJax.js" in s)
        assert urlsplit(mathjax_src).query == f"config={MATHJAX_CONFIG}"
        # No widget manager: no saved widget state, no live widget view left to fill.
        assert not page.select('script[type="application/vnd.jupyter.widget-state+json"]')
        assert not page.select('script[type="application/vnd.jupyter.widget-view+json"]')
        text = page_path.read_text(encoding="utf-8")
        for cdn in ("unpkg.com", "cdn.jsdelivr.net", "require.min.js"):
            assert cdn not in text


def test_mathjax_is_configured_once_for_the_offline_fonts(site):
    # written in backproplab/publish/mathjax.py only (the slides use it too), not in the templates
    out, _ = site
    for page_path in [out / "index.html", *(page_of(out, n) for n in LESSON_PATHS)]:
        assert page_path.read_text(encoding="utf-8").count(font_config(linebreaks=False)) == 1, page_path.name
    templates = ROOT / "backproplab" / "publish" / "templates"
    assert not any("MathJax.Hub.Config" in t.read_text(encoding="utf-8") for t in templates.rglob("*.j2"))


def test_markdown_images_are_embedded_or_copied_next_to_the_pages(site):
    out, _ = site
    embedded = 0
    for notebook in LESSON_PATHS:
        page_path = page_of(out, notebook)
        for img in soup(page_path).select(".jp-MarkdownCell img[src]"):
            src = img["src"]
            if src.startswith("data:image/png;base64,"):          # a cell attachment
                assert base64.b64decode(src.split(",", 1)[1]).startswith(b"\x89PNG"), page_path.name
                embedded += 1
                continue
            assert (page_path.parent / src).resolve().is_file(), f"{page_path.name}: {src} missing"
    assert embedded >= 2          # lesson 1's before/after pictures, carried by the lesson


def test_widget_cells_show_their_png_snapshot(site):
    out, _ = site
    widget_cells = 0
    for notebook in LESSON_PATHS:
        nb = nbformat.read(notebook, as_version=4)
        page = soup(page_of(out, notebook))
        for cell in nb.cells:
            outputs = [o for o in cell.get("outputs", []) if WIDGET_VIEW in o.get("data", {})]
            if not outputs:
                continue
            widget_cells += 1
            assert all("image/png" in o["data"] for o in outputs), "a widget output without a snapshot"
            rendered = page.find(id=f"cell-id={cell.id}")
            images = rendered.select(".jp-OutputArea-output img")
            assert images and images[0]["src"].startswith("data:image/png;base64,")
            assert len(images[0]["src"]) > 10_000
    assert widget_cells >= 1        # at least lesson 4's XOR explorer


def test_solution_cells_show_only_the_folded_solution(site):
    out, _ = site
    solutions = 0
    for notebook in LESSON_PATHS:
        nb = nbformat.read(notebook, as_version=4)
        page = soup(page_of(out, notebook))
        for cell in nb.cells:
            if "solution" not in cell.metadata.get("tags", []):
                continue
            solutions += 1
            rendered = page.find(id=f"cell-id={cell.id}")
            assert rendered.select_one(".jp-InputArea") is None         # input removed
            if cell.outputs:
                details = rendered.select_one(".jp-OutputArea details")
                assert details is not None and details.get("open") is None
    assert solutions >= 1


def test_lesson_3_page_carries_its_story(site):
    out, _ = site
    page = page_of(out, NOTEBOOKS / "04_xor_training.ipynb").read_text(encoding="utf-8")
    assert "XORExplorer" in page and "5. The explorer" in page
    assert "$" in page or "\\(" in page                          # TeX left for MathJax to typeset


def test_bad_folders_are_reported(tmp_path):
    with pytest.raises(ValueError, match="notebooks_dir"):
        build_site(tmp_path / "missing", tmp_path / "out")
    with pytest.raises(ValueError, match="no \\*.ipynb"):
        build_site(tmp_path, tmp_path / "out")
