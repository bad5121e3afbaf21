"""The builds publish only the lessons' own files (issue 37), and the site is replaced whole or not at all.

A picture link outside the lessons' folder and ``images/`` (a ``..`` path, an absolute path, a
``file:`` address, a symlink out, a hidden file) is refused by every build with a message naming the
notebook and the link, before anything is written; a site build that fails for any reason leaves the
previous site as it was and no temporary folder behind.
"""
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from backproplab.publish import site as site_module
from backproplab.publish.course import build_course
from backproplab.publish.lecture import LECTURE_TAG, build_lecture
from backproplab.publish.site import build_site
from backproplab.publish.slides import build_slides
from backproplab.publish.sources import local_file
from backproplab.publish.student import build_student

ROOT = Path(__file__).resolve().parents[2]
SECRET = b"SECRET-TOKEN-37 do not publish"
LESSON = "01_tiny.ipynb"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(32)        # enough of a picture for the builds (none decodes it)


def write_lesson(notebooks: Path, link: str, name: str = LESSON) -> Path:
    """A one-cell lesson on the lecture path whose markdown shows ``link``."""
    cell = nbformat.v4.new_markdown_cell(f"# Lesson 1 · tiny\n\n## A section\n\n![a picture]({link})\n",
                                         metadata={"tags": [LECTURE_TAG], "slideshow": {"slide_type": "slide"}})
    path = notebooks / name
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), path)
    return path


@pytest.fixture
def repo(tmp_path):
    """A repository's layout (notebooks/, images/ with one picture) and secrets outside the lessons."""
    root = tmp_path / "repo"
    (root / "notebooks").mkdir(parents=True)
    (root / "images").mkdir()
    (root / "images" / "ok.png").write_bytes(PNG)
    (root / "secret.png").write_bytes(SECRET)          # e.g. ../.env or ../.git/config beside notebooks/
    (root / ".env.png").write_bytes(SECRET)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.png").write_bytes(SECRET)
    (root / "notebooks" / ".hidden").mkdir()
    (root / "notebooks" / ".hidden" / "key.png").write_bytes(SECRET)
    return root


def hostile_link(repo: Path, kind: str) -> str:
    """A picture link of the given kind; the symlink kinds also plant the symlink in notebooks/."""
    outside = repo.parent / "outside" / "secret.png"
    notebooks = repo / "notebooks"
    if kind == "symlink-file":
        (notebooks / "pic.png").symlink_to(outside)
        return "pic.png"
    if kind == "symlink-folder":
        (notebooks / "pictures").symlink_to(outside.parent, target_is_directory=True)
        return "pictures/secret.png"
    return {"dotdot": "../secret.png", "dotdot-encoded": "%2E%2E/secret.png", "dotdot-deep": "../images/../secret.png",
            "absolute": str(outside), "file-url": outside.as_uri(), "hidden-in-lessons": ".hidden/key.png",
            "hidden-beside": "../.env.png"}[kind]


HOSTILE = ["dotdot", "dotdot-encoded", "dotdot-deep", "absolute", "file-url", "symlink-file", "symlink-folder",
           "hidden-in-lessons", "hidden-beside"]


def published_secret(top: Path) -> list[Path]:
    """Every file under ``top`` (not following symlinks) but the planted ones that holds the secret."""
    planted = {"secret.png", ".env.png", "key.png"}
    return [p for p in top.rglob("*") if p.is_file() and not p.is_symlink() and p.name not in planted
            and SECRET in p.read_bytes()]


@pytest.mark.parametrize("kind", HOSTILE)
def test_site_refuses_a_link_outside_the_lessons(repo, kind):
    link = hostile_link(repo, kind)
    write_lesson(repo / "notebooks", link)
    out = repo / "build" / "html"
    with pytest.raises(ValueError) as refused:
        build_site(repo / "notebooks", out)
    assert LESSON in str(refused.value) and repr(link) in str(refused.value)
    assert not (repo / "build").exists()                  # refused before anything is written
    assert published_secret(repo.parent) == []


BUILDS = {"slides": build_slides, "student": build_student, "course": build_course, "lecture": build_lecture}


@pytest.mark.parametrize("kind", ["dotdot", "absolute", "symlink-file", "hidden-beside"])
@pytest.mark.parametrize("what", BUILDS)
def test_the_other_builds_refuse_to_embed_a_file_outside_the_lessons(repo, kind, what):
    link = hostile_link(repo, kind)
    write_lesson(repo / "notebooks", link)
    with pytest.raises(ValueError) as refused:
        BUILDS[what](repo / "notebooks", repo / "build" / what)
    assert LESSON in str(refused.value) and repr(link) in str(refused.value)
    assert not (repo / "build").exists()
    assert published_secret(repo.parent) == []


def test_lecture_refuses_a_style_sheet_that_links_out(repo):
    write_lesson(repo / "notebooks", "../images/ok.png")
    (repo / "notebooks" / "rise.css").symlink_to(repo.parent / "outside" / "secret.png")
    with pytest.raises(ValueError, match="rise.css"):
        build_lecture(repo / "notebooks", repo / "build" / "lecture")
    assert not (repo / "build").exists() and published_secret(repo.parent) == []


@pytest.mark.parametrize("link", ["../images/ok.png", "ok.png", "sub/ok.png", "../notebooks/ok.png", "same.png"])
def test_the_lessons_own_files_are_accepted(repo, link):
    notebooks = repo / "notebooks"
    (notebooks / "sub").mkdir()
    for name in ("ok.png", "sub/ok.png"):
        (notebooks / name).write_bytes(PNG)
    (notebooks / "same.png").symlink_to(repo / "images" / "ok.png")      # a symlink that stays inside
    assert local_file(link, notebooks, LESSON).read_bytes() == PNG


@pytest.mark.parametrize("link,expected", [("../images/gone.png", "no such file"),
                                           ("../images", "no such file")])
def test_a_missing_picture_is_named(repo, link, expected):
    with pytest.raises(ValueError, match=expected) as refused:
        local_file(link, repo / "notebooks", LESSON)
    assert LESSON in str(refused.value) and repr(link) in str(refused.value)


def previous_site(out: Path) -> dict:
    """Plant a previous build in ``out``; return its files and bytes."""
    (out / "lessons").mkdir(parents=True)
    (out / "index.html").write_text("the previous site")
    (out / "lessons" / "old.html").write_text("an old page")
    return snapshot(out)


def snapshot(folder: Path) -> dict:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_missing_picture_leaves_the_previous_site_untouched(repo):
    write_lesson(repo / "notebooks", "../images/ok.png", name="01_fine.ipynb")
    write_lesson(repo / "notebooks", "../images/missing.png", name="02_broken.ipynb")
    out = repo / "build" / "html"
    before = previous_site(out)
    with pytest.raises(ValueError, match="02_broken.ipynb.*missing.png.*no such file"):
        build_site(repo / "notebooks", out)
    assert snapshot(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["html"]        # no temporary folder left


@pytest.mark.parametrize("error", [OSError("disk full"), KeyboardInterrupt()])
def test_a_build_that_fails_half_way_leaves_the_previous_site_and_no_temporary_folder(repo, monkeypatch, error):
    write_lesson(repo / "notebooks", "../images/ok.png", name="01_first.ipynb")
    write_lesson(repo / "notebooks", "../images/ok.png", name="02_second.ipynb")
    out = repo / "build" / "html"
    before = previous_site(out)
    configure, calls = site_module.mathjax.configure, []

    def fail_on_the_second_page(html, **kwargs):        # the first page is written, then the build fails
        calls.append(1)
        if len(calls) == 2:
            raise error
        return configure(html, **kwargs)

    monkeypatch.setattr(site_module.mathjax, "configure", fail_on_the_second_page)
    with pytest.raises(type(error)):
        build_site(repo / "notebooks", out)
    assert len(calls) == 2
    assert snapshot(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["html"]


def test_a_successful_build_replaces_the_previous_site_whole(repo):
    write_lesson(repo / "notebooks", "../images/ok.png")
    out = repo / "build" / "html"
    previous_site(out)
    written = build_site(repo / "notebooks", out)
    assert written[0] == out / "index.html" and all(p.exists() for p in written)
    assert not (out / "lessons" / "old.html").exists()                   # the previous build is gone
    assert (out / "lessons" / "01_tiny.html").is_file() and (out / "images" / "ok.png").read_bytes() == PNG
    assert sorted(p.name for p in out.parent.iterdir()) == ["html"]
    assert out.stat().st_mode & 0o055 == 0o777 & ~current_umask() & 0o055   # the usual permissions, not 0700


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("where", ["repo", "notebooks", "a-folder-of-other-files", "a-file"])
def test_the_site_never_replaces_a_folder_that_is_not_a_site(repo, where):
    write_lesson(repo / "notebooks", "../images/ok.png")
    (repo / "notes").mkdir()
    (repo / "notes" / "mine.txt").write_text("keep me")
    (repo / "file.txt").write_text("keep me")
    out = {"repo": repo, "notebooks": repo / "notebooks", "a-folder-of-other-files": repo / "notes",
           "a-file": repo / "file.txt"}[where]
    before = snapshot(repo)
    with pytest.raises(ValueError, match="out_dir"):
        build_site(repo / "notebooks", out)
    assert snapshot(repo) == before
    assert sorted(p.name for p in repo.parent.iterdir()) == ["outside", "repo"]


def test_the_command_says_which_notebook_and_link_without_a_traceback(repo):
    write_lesson(repo / "notebooks", "../secret.png")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OPENBLAS_NUM_THREADS": "1"}
    result = subprocess.run([sys.executable, "-m", "backproplab", "site"], cwd=repo, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert LESSON in result.stderr and "'../secret.png'" in result.stderr and "outside the lessons" in result.stderr
    assert not (repo / "build").exists() and published_secret(repo.parent) == []


def test_a_failed_build_leaves_no_folder_it_made_for_its_output(tmp_path):
    from backproplab.publish.staging import staged
    out = tmp_path / "build" / "deep" / "html"
    with pytest.raises(RuntimeError):
        with staged(out):
            raise RuntimeError("the publishing tools are missing")
    assert not (tmp_path / "build").exists()
    (tmp_path / "keep").mkdir()
    (tmp_path / "keep" / "other.txt").write_text("x")
    with pytest.raises(RuntimeError):
        with staged(tmp_path / "keep" / "html"):
            raise RuntimeError("boom")
    assert sorted(p.name for p in (tmp_path / "keep").iterdir()) == ["other.txt"]
