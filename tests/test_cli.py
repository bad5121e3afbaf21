"""The command-line tools resolve their folders against the working directory (so they work from a
non-editable install), say clearly when a folder is missing, and ``python -m backproplab`` dispatches."""
import importlib.metadata
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import backproplab
from backproplab import __main__ as cli
from backproplab import build

ROOT = Path(__file__).resolve().parent.parent


def run(*args, cwd):
    return subprocess.run([sys.executable, *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_version_is_written_once_in_pyproject():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert backproplab.__version__ == importlib.metadata.version("backproplab") == declared
    assert "__version__ =" not in (ROOT / "backproplab" / "__init__.py").read_text().replace(
        "__version__ = importlib.metadata.version", "").replace('__version__ = "0+unknown"', "")


def test_default_folders_are_relative_to_the_working_directory():
    assert not build.NOTEBOOKS.is_absolute() and not build.BUILD.is_absolute()


@pytest.mark.parametrize("what", ["slides", "student", "course", "site"])
def test_build_from_a_folder_without_lessons_says_so(tmp_path, what):
    result = run("-m", "backproplab.build", what, cwd=tmp_path)
    assert result.returncode == 2
    assert f"no notebooks/ folder in the current directory {tmp_path}" in result.stderr
    assert "--notebooks DIR" in result.stderr and "Traceback" not in result.stderr
    assert not list(tmp_path.iterdir())                       # nothing written


def test_build_with_a_missing_notebooks_option_says_so(tmp_path):
    result = run("-m", "backproplab.build", "slides", "--notebooks", tmp_path / "nope", cwd=tmp_path)
    assert result.returncode == 2 and "--notebooks" in result.stderr and "no such folder" in result.stderr


def test_build_writes_under_the_working_directory(tmp_path):
    (tmp_path / "notebooks").mkdir()
    for lesson in ("01_hand_worked_backprop.ipynb", "02_sigmoid_derivative.ipynb"):
        (tmp_path / "notebooks" / lesson).write_bytes((ROOT / "notebooks" / lesson).read_bytes())
    (tmp_path / "images").mkdir()
    for image in (ROOT / "images").iterdir():
        (tmp_path / "images" / image.name).write_bytes(image.read_bytes())
    result = run("-m", "backproplab", "student", cwd=tmp_path)    # through the umbrella command
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "build" / "student").iterdir()) == [
        "01_hand_worked_backprop.ipynb", "02_sigmoid_derivative.ipynb"]


def test_umbrella_command_lists_its_commands_and_refuses_unknown_ones(tmp_path):
    result = run("-m", "backproplab", "--help", cwd=tmp_path)
    assert result.returncode == 0 and all(c in result.stdout for c in cli.COMMANDS)
    result = run("-m", "backproplab", "frobnicate", cwd=tmp_path)
    assert result.returncode == 2 and "unknown command 'frobnicate'" in result.stderr
    result = run("-m", "backproplab", "lab", cwd=tmp_path)           # no notebooks/: refuses before starting
    assert result.returncode == 2 and "no notebooks/ folder" in result.stderr


def test_lab_command_is_localhost_with_token_opened_on_notebooks():
    command = cli.lab_command()
    assert command[:3] == [sys.executable, "-m", "jupyterlab"]
    assert "--ServerApp.ip=127.0.0.1" in command and "--LabApp.default_url=/lab/tree/notebooks" in command
    assert not any("token" in part for part in command)               # Jupyter's own random token is kept


def test_every_imported_distribution_is_declared_where_it_is_used():
    """Each third-party module the package imports is declared in the core dependencies or in the
    extra of the code that imports it (the publishing modules: instructor)."""
    import ast

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    name = lambda req: req.split(";")[0].split("[")[0].split(">")[0].split("=")[0].split("<")[0].strip().lower()
    core = {name(r) for r in project["dependencies"]}
    extras = {k: {name(r) for r in v} for k, v in project["optional-dependencies"].items()}
    instructor = core | extras["lab"] | extras["instructor"]
    distribution = {"numpy": "numpy", "matplotlib": "matplotlib", "ipywidgets": "ipywidgets", "PIL": "pillow",
                    "threadpoolctl": "threadpoolctl", "nbconvert": "nbconvert", "nbformat": "nbformat",
                    "traitlets": "traitlets", "bs4": "beautifulsoup4", "nbgrader": "nbgrader",
                    "jupyter_server_mathjax": "jupyter-server-mathjax", "jupyterlab": "jupyterlab"}
    publishing = {"editions.py", "site.py", "build.py", "setup_cell.py"}   # tools for instructors and lesson writers
    for path in sorted((ROOT / "backproplab").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top in sys.stdlib_module_names or top == "backproplab":
                    continue
                assert top in distribution, f"{path.name} imports {top}: add it to pyproject and to this test"
                wanted = instructor if path.name in publishing else core | extras["lab"]
                assert distribution[top] in wanted, f"{path.name} imports {top}, not declared for it"
