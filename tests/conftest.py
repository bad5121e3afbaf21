import io
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import matplotlib
import numpy as np
import pytest

# Tests never open windows. Set here once, before any test module imports pyplot: this conftest is
# loaded before the modules it governs, so no test module needs (or should repeat) the call.
matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent.parent
# What a wheel is built from: the working tree as it is (committed or not), never the venvs, build/ or
# caches, so a test installs exactly the code under test.
SOURCE_FILES = ["pyproject.toml", "README.md", "LICENSE"]
VENV_TIMEOUT = 600           # s; creating a venv and installing a set takes 1–2 min here


# ------------------------------------------------------------------- helpers shared by test modules
# Offered as fixtures, not importable functions: there are several conftest.py files (the root's,
# tests/browser's), so ``from conftest import …`` would depend on which one is first on sys.path.

@pytest.fixture(autouse=True)
def close_figures():
    """Close every pyplot figure after each test, so figures do not pile up across a run (pyplot keeps
    them alive and warns past 20). Only when pyplot is already imported: a test that never draws must
    not import it (and so pay for it) just to close nothing."""
    yield
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")


@pytest.fixture(scope="session")
def notebook_cells():
    """``cells(path) -> list``: a notebook's stored cells (dicts as in the ``.ipynb`` JSON), read afresh
    on each call, so a test that edits what it got cannot change what another test reads."""
    def cells(path) -> list:
        return json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    return cells


@pytest.fixture(scope="session")
def pixels():
    """``pixels(png) -> np.ndarray``: PNG bytes (``bytes`` or a widget's ``memoryview``) as an
    (H, W, 3) uint8 RGB array. Converted to RGB whatever the file's mode (a palette PNG, an RGBA
    one), so two pictures compare pixel by pixel and against a canvas's ``buffer_rgba()[..., :3]``."""
    import PIL.Image    # here, not at the top: this conftest is loaded for every test, most never need PIL

    def to_rgb(png) -> np.ndarray:
        return np.asarray(PIL.Image.open(io.BytesIO(bytes(png))).convert("RGB"))
    return to_rgb


def clean_env(**extra) -> dict:
    """The environment for a temporary venv's commands: no PYTHONPATH (which would import the source
    tree instead of the installed package) and no user site-packages."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}}
    env.update(PYTHONNOUSERSITE="1", OPENBLAS_NUM_THREADS="1", **extra)
    return env


class Venv:
    """A venv under a temporary folder; ``python``/``bin(name)`` its programs; ``run`` a command in it."""

    SCRIPTS = "Scripts" if os.name == "nt" else "bin"

    def __init__(self, path: Path):
        self.path = path
        self.python = self.bin("python")

    def bin(self, name: str) -> Path:
        return self.path / self.SCRIPTS / (f"{name}.exe" if os.name == "nt" else name)

    def run(self, *args, cwd, timeout=600, env=None):
        return subprocess.run([str(a) for a in args], cwd=cwd, env=env or clean_env(), capture_output=True,
                              text=True, timeout=timeout)

    @staticmethod
    def env() -> dict:
        return clean_env()

    @staticmethod
    def jupyter_env(home: Path) -> dict:
        return jupyter_env(home)

    def distributions(self) -> set[str]:
        out = self.run(self.python, "-m", "pip", "list", "--format=freeze", cwd=self.path).stdout
        return {line.split("==")[0].lower().replace("_", "-") for line in out.splitlines() if "==" in line}


class InstallSets:
    """Builds the package's wheel once, then a venv per install set in parallel (threads: the work is
    pip's, in subprocesses), non-editable, from PyPI. ``get(extra)`` waits for one and returns it."""

    SETS = ("lab", "publish")

    def __init__(self, base: Path):
        self.base = base
        self._threads, self._results = {}, {}
        self.wheel = self._build_wheel()
        for extra in self.SETS:
            thread = threading.Thread(target=self._make, args=(extra,), daemon=True)
            thread.start()
            self._threads[extra] = thread

    def _build_wheel(self) -> Path:
        source = self.base / "source"
        source.mkdir()
        for name in SOURCE_FILES:
            shutil.copy2(ROOT / name, source / name)
        shutil.copytree(ROOT / "backproplab", source / "backproplab",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        wheels = self.base / "wheels"
        result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels),
                                 str(source)], env=clean_env(), capture_output=True, text=True, timeout=VENV_TIMEOUT)
        if result.returncode != 0:
            pytest.fail(f"building the wheel failed:\n{result.stdout}\n{result.stderr}")
        (wheel,) = wheels.glob("backproplab-*.whl")
        return wheel

    def _make(self, extra: str):
        venv = Venv(self.base / f"venv-{extra}")
        try:
            for command in ([sys.executable, "-m", "venv", str(venv.path)],
                            # --no-compile: Python compiles what is imported, when it is (saves ~20 s of CPU)
                            [str(venv.python), "-m", "pip", "install", "--quiet", "--no-compile", f"{self.wheel}[{extra}]"]):
                result = subprocess.run(command, env=clean_env(), capture_output=True, text=True,
                                        timeout=VENV_TIMEOUT, cwd=self.base)
                if result.returncode != 0:
                    raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
            self._results[extra] = venv
        except Exception as err:        # reported by get(), in the test that asked
            self._results[extra] = err

    def get(self, extra: str) -> Venv:
        self._threads[extra].join(VENV_TIMEOUT * 2)
        result = self._results.get(extra, RuntimeError(f"the {extra} venv was not ready in time"))
        if isinstance(result, Exception):
            pytest.fail(f"setting up the [{extra}] venv failed: {result}")
        return result


@pytest.fixture(scope="session")
def install_sets(tmp_path_factory) -> InstallSets:
    return InstallSets(tmp_path_factory.mktemp("install"))


@pytest.fixture(scope="session")
def student_venv(install_sets) -> Venv:
    """The student set alone (``backproplab[lab]``), installed non-editable in a temporary venv."""
    return install_sets.get("lab")


@pytest.fixture(scope="session")
def publish_venv(install_sets) -> Venv:
    """The publishing tools (``backproplab[publish]``), installed non-editable in a temporary venv."""
    return install_sets.get("publish")


def jupyter_env(home: Path) -> dict:
    """Jupyter's config, data, runtime and settings folders under ``home``: nothing of the user's is read."""
    return clean_env(JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_DATA_DIR=str(home / "data"),
                     JUPYTER_RUNTIME_DIR=str(home / "runtime"), JUPYTERLAB_SETTINGS_DIR=str(home / "lab-settings"),
                     JUPYTERLAB_WORKSPACES_DIR=str(home / "lab-workspaces"), IPYTHONDIR=str(home / "ipython"),
                     MPLCONFIGDIR=str(home / "matplotlib"))
