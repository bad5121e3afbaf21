"""The lecture path: cells tagged ``lecture`` make a 50-minute deck with speaker notes; the notes stay
out of the student edition, the course and the site."""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from backproplab.publish import lecture
from backproplab.publish.course import course_source

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
NOTE_META = {"slideshow": {"slide_type": "notes"}, "tags": ["lecture", "notes"], "jupyter": {"source_hidden": True}}


def _md(source, slide_type="-", tags=(), **meta):
    cell = nbformat.v4.new_markdown_cell(source)
    cell.metadata = {"slideshow": {"slide_type": slide_type}, **({"tags": list(tags)} if tags else {}), **meta}
    return cell


def _toy():
    code = nbformat.v4.new_code_cell("x = 1")
    code.metadata = {"slideshow": {"slide_type": "skip"}}
    cells = [_md("# Title", "slide", ["lecture"]), _md("only in the lesson", "fragment"), code,
             _md("## On the path", "slide", ["lecture"]), _md("OFF-PATH SLIDE", "slide"),
             nbformat.v4.new_markdown_cell("**Speaker notes** (~3 min). Ask the room why.")]
    cells[-1].metadata = dict(NOTE_META)
    return nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "language": "python",
                                                                            "display_name": "Python 3"}})


def test_the_lecture_notebook_skips_what_is_off_the_path_and_keeps_every_cell():
    nb = _toy()
    lec = lecture.lecture_notebook(nb)
    assert [c.source for c in lec.cells] == [c.source for c in nb.cells]           # nothing dropped, same order
    assert [c.metadata["slideshow"]["slide_type"] for c in lec.cells] == ["slide", "skip", "skip", "slide", "skip", "notes"]
    assert nb.cells[1].metadata["slideshow"]["slide_type"] == "fragment"              # the lesson is unchanged
    assert lecture.lecture_slides(nb) == 2 and lecture.has_lecture_path(nb)


def test_a_lesson_without_a_path_is_refused():
    nb = _toy()
    for cell in nb.cells:
        cell.metadata.pop("tags", None)
    assert not lecture.has_lecture_path(nb)
    with pytest.raises(ValueError, match="no lecture path"):
        lecture.lecture_notebook(nb)


def test_note_minutes():
    assert lecture.note_minutes(_toy().cells[-1]) == 3.0
    with pytest.raises(ValueError, match=r"must start with '\*\*Speaker notes\*\* \(~N min\)\.'"):
        lecture.note_minutes(nbformat.v4.new_markdown_cell("Notes: say hello"))


def test_course_source_leaves_the_speaker_notes_out():
    source = course_source(_toy(), "toy.ipynb")
    assert not any(lecture.is_speaker_note(c) for c in source.cells)
    assert "Ask the room" not in "".join(c.source for c in source.cells)
    assert len(source.cells) == len(_toy().cells) - 1


def test_lecture_deck_and_lecture_notebook(tmp_path):
    from backproplab.publish.slides import build_slides

    (tmp_path / "nb").mkdir()
    nbformat.write(_toy(), tmp_path / "nb" / "01_toy.ipynb")
    written = build_slides(tmp_path / "nb", tmp_path / "slides")
    assert [p.name for p in written] == ["01_toy.slides.html", "01_toy.lecture.slides.html"]
    full, short = (p.read_text(encoding="utf-8") for p in written)
    assert "OFF-PATH SLIDE" in full and "OFF-PATH SLIDE" not in short
    assert '<aside class="notes">' in short and "Ask the room why." in short
    written = lecture.build_lecture(tmp_path / "nb", tmp_path / "lecture")
    lec = nbformat.read(written[0], as_version=4)
    assert lec.cells[4].metadata["slideshow"]["slide_type"] == "skip" and lec.cells[3].metadata["slideshow"]["slide_type"] == "slide"


def _lessons_with_a_path():
    return [p for p in sorted(NOTEBOOKS.glob("*.ipynb")) if lecture.has_lecture_path(nbformat.read(p, as_version=4))]


@pytest.mark.parametrize("path", _lessons_with_a_path(), ids=lambda p: p.stem)
def test_each_lecture_path_fits_fifty_minutes(path):
    nb = nbformat.read(path, as_version=4)
    slides = lecture.lecture_slides(nb)
    assert 18 <= slides <= 28, f"{slides} slides on the lecture path"
    notes = [c for c in nb.cells if lecture.is_speaker_note(c)]
    assert notes, "no speaker notes"
    for cell in notes:
        assert cell.cell_type == "markdown" and cell.metadata.get("tags") == ["lecture", "notes"]
        assert cell.metadata.get("jupyter", {}).get("source_hidden") is True     # collapsed for students
    minutes = sum(lecture.note_minutes(c) for c in notes)
    assert 40 <= minutes <= 55, f"the notes add up to {minutes} min"
    # every slide of the path starts with a tagged slide or subslide cell
    lec = lecture.lecture_notebook(nb)
    shown = [c for c in lec.cells if c.metadata.get("slideshow", {}).get("slide_type") not in ("skip", "notes")]
    assert shown and shown[0].metadata["slideshow"]["slide_type"] == "slide"
