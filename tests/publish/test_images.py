"""`python -m backproplab images` writes every image, and every image a notebook uses exists."""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from backproplab.publish.images import IMAGES, IMAGES_DIR

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
IMAGE_REF = re.compile(r"images/([\w.-]+\.png)")
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
