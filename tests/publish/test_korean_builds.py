"""The Korean edition builds like the English one (``--lang ko``): from ``notebooks/ko/`` into
``build/ko/<what>``, the student edition and the nbgrader course without speaker notes, the lecture
deck with its Korean speaker notes, the site with a Korean title and links."""
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LESSON = "01_hand_worked_backprop.ipynb"
HANGUL = re.compile("[가-힣]")


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    folder = tmp_path_factory.mktemp("course")
    (folder / "notebooks" / "ko").mkdir(parents=True)
    shutil.copy(ROOT / "notebooks" / "ko" / LESSON, folder / "notebooks" / "ko" / LESSON)
    shutil.copytree(ROOT / "images", folder / "images")
    return folder


def build(course, *args):
    done = subprocess.run([sys.executable, "-m", "backproplab", *args, "--lang", "ko"], cwd=course,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return done.stdout


def cells(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))["cells"]


def test_student_edition_and_course_are_korean_without_notes(course):
    build(course, "student")
    student = course / "build" / "ko" / "student" / LESSON
    text = "".join("".join(c["source"]) for c in cells(student) if c["cell_type"] == "markdown")
    assert HANGUL.search(text) and "발표자 노트" not in text and "Speaker notes" not in text
    build(course, "course", "--out", "build/ko/course")
    source = course / "build" / "ko" / "course" / "source" / "lesson01" / LESSON
    assert source.is_file() and HANGUL.search(source.read_text(encoding="utf-8"))


def test_lecture_deck_carries_the_korean_speaker_notes(course):
    build(course, "slides")
    deck = course / "build" / "ko" / "slides" / LESSON.replace(".ipynb", ".lecture.slides.html")
    html = deck.read_text(encoding="utf-8")
    assert "발표자 노트" in html and 'class="notes"' in html


def test_site_is_korean(course):
    build(course, "site")
    index = (course / "build" / "ko" / "html" / "index.html").read_text(encoding="utf-8")
    assert "역전파" in index
    page = next((course / "build" / "ko" / "html" / "lessons").glob("01_*.html")).read_text(encoding="utf-8")
    assert "☰ 목차" in page and "1강" in page
