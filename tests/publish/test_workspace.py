"""The student's working copy (``make lab``): made on first use without speaker notes, never overwritten,
told when the course changed, reset on request with the old copy kept; the course map with progress."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from backproplab.exercises import progress
from backproplab.lab import course_map, workspace
from backproplab.lab.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture
def course(tmp_path):
    """A course folder with the real lessons in notebooks/ (and the instructors' rise.css beside them)."""
    (tmp_path / "notebooks").mkdir()
    for path in [*LESSONS, ROOT / "notebooks" / "rise.css"]:
        shutil.copy2(path, tmp_path / "notebooks" / path.name)
    return tmp_path


def _cells(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))["cells"]


def test_the_copy_has_every_lesson_without_speaker_notes_and_ends_with_the_next_lesson(course):
    ws, changed = workspace.prepare(course)
    assert changed == [] and ws.copy == course / "my-lessons"
    names = sorted(p.name for p in ws.copy.glob("[0-9][0-9]_*.ipynb") if p.name != course_map.START_PAGE)
    assert names == [p.name for p in LESSONS] and not (ws.copy / "rise.css").exists()   # lessons only
    for index, path in enumerate(LESSONS):
        source, copy = _cells(path), _cells(ws.copy / path.name)
        notes = [c for c in source if "notes" in c["metadata"].get("tags", [])]
        assert notes, f"{path.name} has speaker notes to leave out"
        assert not any("notes" in c["metadata"].get("tags", []) or "**Speaker notes**" in "".join(c["source"])
                       for c in copy)
        assert copy[:-1] == [c for c in source if c not in notes]           # everything else, outputs included
        last = "".join(copy[-1]["source"])
        if index + 1 < len(LESSONS):
            assert f"**Next:** [Lesson {index + 2} · " in last and f"]({LESSONS[index + 1].name})" in last
        assert f"[The course map]({course_map.START_PAGE})" in last
    assert progress.find(ws.copy) == ws.copy / progress.FILE_NAME
    assert not any((course / "notebooks").glob("*.tmp"))


def test_the_copy_is_never_overwritten_and_a_changed_lesson_is_named(course, capsys):
    ws, _ = workspace.prepare(course)
    mine = ws.copy / LESSONS[3].name
    mine.write_text(mine.read_text(encoding="utf-8").replace("Training XOR", "My XOR"), encoding="utf-8")
    assert workspace.prepare(course)[1] == []
    assert "My XOR" in mine.read_text(encoding="utf-8")                     # the student's work stays
    tracked = course / "notebooks" / LESSONS[3].name
    tracked.write_text(tracked.read_text(encoding="utf-8").replace("Training XOR", "Training XOR, updated"),
                       encoding="utf-8")
    assert workspace.prepare(course)[1] == [LESSONS[3].name]
    assert "My XOR" in mine.read_text(encoding="utf-8")
    start = "".join("".join(c["source"]) for c in _cells(ws.copy / course_map.START_PAGE))
    assert "Updated in the course since your copy was made" in start and LESSONS[3].name in start


def test_reset_gives_a_fresh_copy_and_keeps_the_old_one(course):
    ws, _ = workspace.prepare(course)
    mine = ws.copy / LESSONS[0].name
    mine.write_text(mine.read_text(encoding="utf-8").replace("every number", "my notes"), encoding="utf-8")
    [(name, kept)] = ws.reset(["01"])
    assert name == LESSONS[0].name and kept.parent == ws.copy / ".old" and "my notes" in kept.read_text(encoding="utf-8")
    assert "my notes" not in mine.read_text(encoding="utf-8")
    assert len(ws.reset()) == len(LESSONS)                                   # no number: every lesson
    with pytest.raises(ValueError, match="no lesson 42 in .*; the lessons are 01, 02"):
        ws.reset(["42"])
    with pytest.raises(ValueError, match="a lesson number such as 04, got 'xor'"):
        ws.reset(["xor"])
    with pytest.raises(ValueError, match="language must be one of en, ko, got 'fr'"):
        Workspace(course, "fr")


def test_the_course_map_lists_every_lesson_with_time_needs_and_progress(course):
    ws, _ = workspace.prepare(course)
    keys = course_map.exercise_keys(json.loads(LESSONS[0].read_text(encoding="utf-8")))
    path = progress.find(ws.copy)
    for key in keys[:2]:
        progress.record(key, True, start_dir=ws.copy)
    progress.record(keys[2], False, start_dir=ws.copy)
    rows = course_map.map_rows(course_map._lessons_in(ws.copy), progress.load(path))
    assert [r["number"] for r in rows] == list(range(1, len(LESSONS) + 1))
    assert all(r["minutes"] > 0 and all(n < r["number"] for n in r["needs"]) for r in rows)
    assert (rows[0]["tried"], rows[0]["right"], rows[0]["exercises"]) == (3, 2, len(keys))
    assert f"2 of {len(keys)} right, 1 tried" in course_map.map_html(rows) and "$" not in course_map.map_html(rows)
    ws.write_start_page()
    start = "".join("".join(c["source"]) for c in _cells(ws.copy / course_map.START_PAGE))
    assert f"2 of {len(keys)} right" in start and f"[Backpropagation by hand" in start and "about 60 min" in start


def test_backproplab_reset_on_the_command_line(course):
    run = lambda *args: subprocess.run([sys.executable, "-m", "backproplab", *args], cwd=course,
                                       capture_output=True, text=True, env={"PYTHONPATH": str(ROOT),
                                                                            "PATH": "/usr/bin:/bin"})
    done = run("reset", "02")
    assert done.returncode == 0 and done.stdout.startswith(f"{LESSONS[1].name}: a fresh copy"), done.stderr
    done = run("reset", "02")
    assert "your old one is my-lessons/.old/02_" in done.stdout
    done = run("reset", "99")
    assert done.returncode == 2 and "backproplab reset: no lesson 99" in done.stderr


def test_git_ignores_the_students_copies():
    for folder in ("my-lessons", "my-lessons-ko"):
        result = subprocess.run(["git", "check-ignore", "-q", f"{folder}/01_x.ipynb"], cwd=ROOT)
        assert result.returncode == 0, f"{folder}/ is not ignored by git"
