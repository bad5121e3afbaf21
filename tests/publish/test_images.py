"""`python -m backproplab images` writes every image, every image a notebook uses exists, and the
lessons carry each as a cell attachment equal to its file in images/ (so a lesson shows its pictures
wherever it lies: Colab, a downloaded file, GitHub)."""
import base64
import json
import shutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

from backproplab.publish.images import IMAGES, IMAGES_DIR, sync_attachments

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
IMAGE_REF = re.compile(r"(?:images/|attachment:)([\w.-]+\.png)")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def run_images(*args, cwd=ROOT):
    # sys.executable is the venv's python when the tests run as `.venv/bin/python -m pytest`
    return subprocess.run([sys.executable, "-m", "backproplab", "images", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def referenced_images():
    """{image file name: [notebooks that use it]} from the markdown and code of every notebook."""
    refs = {}
    for path in NOTEBOOKS:
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            for name in IMAGE_REF.findall(source):
                refs.setdefault(name, []).append(path.name)
    return refs


def test_command_writes_every_registered_image(tmp_path):
    result = run_images("--out", tmp_path)
    assert result.returncode == 0, result.stderr
    for name in IMAGES:
        path = tmp_path / name
        assert path.read_bytes().startswith(PNG_SIGNATURE), name
        assert str(path) in result.stdout
    assert "Warning" not in result.stderr


def test_images_are_deterministic(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert run_images("--out", first).returncode == 0
    assert run_images("--out", second).returncode == 0
    for name in IMAGES:
        assert (first / name).read_bytes() == (second / name).read_bytes(), f"{name} changes from run to run"


def test_one_image_by_name_and_unknown_names(tmp_path):
    result = run_images("--out", tmp_path, "network_before.png")
    assert result.returncode == 0 and [p.name for p in tmp_path.iterdir()] == ["network_before.png"]
    result = run_images("--out", tmp_path, "nope.png")
    assert result.returncode != 0 and "nope.png" in result.stderr


def test_default_folder_is_the_working_directorys_images(tmp_path):
    # Relative, so a non-editable install writes where it is run, never into site-packages.
    assert not IMAGES_DIR.is_absolute() and IMAGES_DIR.parts == ("images",)
    result = run_images("network_before.png", cwd=tmp_path)          # no images/ here: a clear error
    assert result.returncode == 2 and "no images/ folder in the current directory" in result.stderr
    assert "--out DIR" in result.stderr and not list(tmp_path.iterdir())
    (tmp_path / "images").mkdir()
    result = run_images("network_before.png", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in (tmp_path / "images").iterdir()] == ["network_before.png"]


def test_lesson1_uses_its_two_diagrams():
    refs = referenced_images()
    assert {"network_before.png", "network_after.png"} <= set(refs)


@pytest.mark.parametrize("name, notebooks", sorted(referenced_images().items()))
def test_every_referenced_image_exists_and_is_regenerated(name, notebooks):
    assert (ROOT / IMAGES_DIR / name).is_file(), f"{name} (used in {notebooks}) is missing: run python -m backproplab images"
    assert name in IMAGES, f"{name} (used in {notebooks}) is not in backproplab.publish.images.IMAGES"


def test_lessons_show_their_pictures_as_attachments_equal_to_images_folder():
    seen = 0
    for path in NOTEBOOKS:
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            assert "../images/" not in source, f"{path.name}: a picture by path shows only beside the repository"
            for name in re.findall(r"attachment:([\w.-]+\.png)", source):
                data = base64.b64decode(cell["attachments"][name]["image/png"])
                assert data == (ROOT / IMAGES_DIR / name).read_bytes(), (
                    f"{path.name}'s attachment {name} differs from images/{name}: run python -m backproplab images")
                seen += 1
    assert seen >= 2                                   # lesson 1's two diagrams


def test_sync_attachments_updates_only_what_changed(tmp_path):
    notebooks, images = tmp_path / "notebooks", tmp_path / "images"
    notebooks.mkdir()
    images.mkdir()
    shutil.copy2(ROOT / "notebooks" / "01_hand_worked_backprop.ipynb", notebooks)
    shutil.copy2(ROOT / "notebooks" / "03_sigmoid_derivative.ipynb", notebooks)       # carries no attachment
    for name in IMAGES:
        shutil.copy2(ROOT / IMAGES_DIR / name, images)
    assert sync_attachments(notebooks, images) == []                                 # already equal
    (images / "network_after.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    before = (notebooks / "03_sigmoid_derivative.ipynb").read_bytes()
    assert sync_attachments(notebooks, images) == [notebooks / "01_hand_worked_backprop.ipynb"]
    nb = json.loads((notebooks / "01_hand_worked_backprop.ipynb").read_text(encoding="utf-8"))
    carried = {name: base64.b64decode(b["image/png"]) for c in nb["cells"] for name, b in c.get("attachments", {}).items()}
    assert carried["network_after.png"] == b"\x89PNG\r\n\x1a\nnot really"
    assert carried["network_before.png"] == (ROOT / IMAGES_DIR / "network_before.png").read_bytes()
    assert (notebooks / "03_sigmoid_derivative.ipynb").read_bytes() == before
    with pytest.raises(ValueError, match="notebooks_dir must be a folder"):
        sync_attachments(tmp_path / "nowhere", images)


def test_command_run_in_the_repository_layout_refreshes_the_lessons(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "images").mkdir()
    lesson = tmp_path / "notebooks" / "01_hand_worked_backprop.ipynb"
    nb = json.loads((ROOT / "notebooks" / lesson.name).read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        for name in cell.get("attachments", {}):
            cell["attachments"][name] = {"image/png": base64.b64encode(b"stale").decode()}
    lesson.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    result = run_images(cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"updated the attachments of notebooks/{lesson.name}" in result.stdout
    assert lesson.read_bytes() == (ROOT / "notebooks" / lesson.name).read_bytes()   # as the repository's
