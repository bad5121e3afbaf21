"""``make lab-ko``: the Korean course in the student's own copy (my-lessons-ko/), JupyterLab's menus in
Korean through its language pack, the kernels writing Korean; the English lab untouched by any of it."""
import json
import tomllib
from pathlib import Path

import pytest

pytest.importorskip("jupyter_server")
from backproplab.lab import launcher  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def options(command):
    return dict(arg.split("=", 1) for arg in command if arg.startswith("--") and "=" in arg)


def test_the_korean_lab_serves_the_korean_copy_with_jupyterlab_in_korean():
    korean = options(launcher.lab_command(language="ko"))
    assert korean["--ServerApp.root_dir"] == "my-lessons-ko" and korean["--ServerApp.ip"] == "127.0.0.1"
    overrides = json.loads((Path(korean["--LabApp.app_settings_dir"]) / "overrides.json").read_text(encoding="utf-8"))
    assert overrides["@jupyterlab/translation-extension:plugin"]["locale"] == "ko_KR"
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"    # as in English
    english = options(launcher.lab_command())
    assert english["--ServerApp.root_dir"] == "my-lessons"
    english_overrides = json.loads((Path(english["--LabApp.app_settings_dir"]) / "overrides.json").read_text("utf-8"))
    assert "@jupyterlab/translation-extension:plugin" not in english_overrides


def test_the_language_pack_is_in_the_student_set_and_the_settings_are_package_data():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert any(r.startswith("jupyterlab-language-pack-ko-KR") for r in project["project"]["optional-dependencies"]["lab"])
    assert "lab/settings/*/*.json" in project["tool"]["setuptools"]["package-data"]["backproplab"]


def test_make_lab_ko_starts_the_korean_lab():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "\nlab-ko: $(STUDENT_STAMP)\n\t$(STUDENT_BIN)/python -m backproplab lab --lang ko\n" in makefile


def test_the_korean_labs_kernels_write_korean(monkeypatch, tmp_path):
    (tmp_path / "notebooks" / "ko").mkdir(parents=True)
    for lesson in sorted((ROOT / "notebooks" / "ko").glob("[0-9][0-9]_*.ipynb"))[:1]:
        (tmp_path / "notebooks" / "ko" / lesson.name).write_bytes(lesson.read_bytes())
    seen = {}
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(launcher.subprocess, "call", lambda command, env: seen.update(command=command, env=env) or 0)
    assert launcher.run_lab(["--lang", "ko"]) == 0
    assert seen["env"]["BACKPROPLAB_LANG"] == "ko"
    assert (tmp_path / "my-lessons-ko").is_dir()
    monkeypatch.delenv("BACKPROPLAB_LANG", raising=False)
    (tmp_path / "notebooks" / "01_x.ipynb").write_text((tmp_path / "notebooks" / "ko").iterdir().__next__().read_text())
    assert launcher.run_lab([]) == 0
    assert "BACKPROPLAB_LANG" not in seen["env"]
