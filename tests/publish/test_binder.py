"""Binder's configuration pins the tested Python and installs the student set, and the student guide
(docs/students.md) gives the launch address (repo2docker itself cannot run here: it needs Docker)."""
import os
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BINDER = ROOT / "binder"


def test_runtime_pins_the_oldest_supported_python():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    oldest = re.fullmatch(r">=\s*(3\.\d+)", project["requires-python"])[1]
    assert (BINDER / "runtime.txt").read_text().strip() == f"python-{oldest}"


def test_post_build_installs_the_student_set_only():
    script = BINDER / "postBuild"
    assert os.access(script, os.X_OK) and script.read_text().startswith("#!/bin/bash")
    commands = [line for line in script.read_text().splitlines() if line and not line.startswith("#")]
    assert commands == ["set -euo pipefail", 'python -m pip install --no-cache-dir -e ".[lab]"']
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert not any(name.startswith(("nbgrader", "jupyterlab-rise", "pytest", "playwright")) for name in extras["lab"])
    # With a binder/ folder repo2docker ignores the root's files; none here would compete.
    assert not any((BINDER / name).exists() for name in ("requirements.txt", "environment.yml", "setup.py"))


def test_student_guide_gives_the_launch_address():
    guide = (ROOT / "docs" / "students.md").read_text(encoding="utf-8")
    assert "https://mybinder.org/v2/gh/OWNER/REPO/HEAD?urlpath=lab/tree/notebooks" in guide
