"""The guarded first cell for a lesson opened on its own (Colab, a downloaded file): it installs the
package only when it is missing, and the lessons that carry it carry exactly the text of
backproplab/publish/setup_cell.py (the one place it is written)."""
import json
import subprocess
import sys
import types
from pathlib import Path

import pytest

from backproplab.publish import setup_cell

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def run_cell(monkeypatch, *, installed: bool, colab: bool = False):
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda *args, **kwargs: calls.append((args, kwargs)))
    import importlib.util
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: (real_find_spec(name, *a) if installed or name != "backproplab" else None))
    enabled = []
    if colab:
        colab_pkg = types.ModuleType("google.colab")
        colab_pkg.output = types.SimpleNamespace(enable_custom_widget_manager=lambda: enabled.append(True))
        monkeypatch.setitem(sys.modules, "google", types.ModuleType("google"))
        monkeypatch.setitem(sys.modules, "google.colab", colab_pkg)
    exec(compile(setup_cell.SOURCE, "<setup cell>", "exec"), {})
    return calls, enabled


def test_does_nothing_where_the_package_is_installed(monkeypatch):
    calls, enabled = run_cell(monkeypatch, installed=True)
    assert calls == [] and enabled == []


def test_installs_the_package_when_it_is_missing(monkeypatch):
    calls, _ = run_cell(monkeypatch, installed=False)
    ((args, kwargs),) = calls
    assert args[0] == [sys.executable, "-m", "pip", "install", "--quiet", setup_cell.INSTALL_SPEC]
    assert kwargs == {"check": True}
    assert setup_cell.INSTALL_SPEC.startswith("backproplab @ git+https://github.com/")


def test_turns_on_colabs_widget_manager_in_colab(monkeypatch):
    calls, enabled = run_cell(monkeypatch, installed=True, colab=True)
    assert calls == [] and enabled == [True]


def test_uses_only_the_standard_library():
    imported = [line.split()[1].split(".")[0] for line in setup_cell.SOURCE.splitlines()
                if line.lstrip().startswith(("import ", "from "))]
    assert set(imported) <= set(sys.stdlib_module_names) | {"google"}, imported


def test_cell_is_skipped_on_slides_and_prints_from_the_command_line():
    cell = setup_cell.cell()
    assert cell.source == setup_cell.SOURCE and cell.metadata.slideshow.slide_type == "skip"
    out = subprocess.check_output([sys.executable, "-m", "backproplab.publish.setup_cell"], text=True)
    assert out.rstrip("\n") == setup_cell.SOURCE


def first_code_cell(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = next(c for c in cells if c["cell_type"] == "code")
    return "".join(code["source"]) if isinstance(code["source"], list) else code["source"]


def test_lessons_that_carry_the_cell_carry_exactly_this_text():
    carrying = [p.name for p in LESSONS if "installs backproplab when it is missing" in first_code_cell(p)]
    if not carrying:
        pytest.skip("no lesson carries the set-up cell yet (to be added: python -m backproplab.publish.setup_cell)")
    assert carrying == [p.name for p in LESSONS], "every lesson, or none, starts with the set-up cell"
    for path in LESSONS:
        assert first_code_cell(path) == setup_cell.SOURCE, f"{path.name}: the set-up cell differs from backproplab/publish/setup_cell.py"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_attached_pictures_match_images(path):
    """Pictures a lesson carries as attachments (so they show in Colab, without ../images) are the
    current files of images/ (``make images`` redraws those; re-attach after it)."""
    import base64

    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        for name, bundle in cell.get("attachments", {}).items():
            if (ROOT / "images" / name).is_file() and "image/png" in bundle:
                assert base64.b64decode(bundle["image/png"]) == (ROOT / "images" / name).read_bytes(), (
                    f"{path.name}: attachment {name} is not images/{name}")
