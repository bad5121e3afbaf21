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
from backproplab.publish import cli as publish_cli

ROOT = Path(__file__).resolve().parents[2]


def run(*args, cwd):
    return subprocess.run([sys.executable, *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_version_is_written_once_in_pyproject():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert backproplab.__version__ == importlib.metadata.version("backproplab") == declared
    assert "__version__ =" not in (ROOT / "backproplab" / "__init__.py").read_text().replace(
        "__version__ = importlib.metadata.version", "").replace('__version__ = "0+unknown"', "")


def test_default_folders_are_relative_to_the_working_directory():
    assert not publish_cli.NOTEBOOKS.is_absolute() and not publish_cli.BUILD.is_absolute()


@pytest.mark.parametrize("what", ["slides", "student", "course", "site", "lecture"])
def test_build_from_a_folder_without_lessons_says_so(tmp_path, what):
    result = run("-m", "backproplab", what, cwd=tmp_path)
    assert result.returncode == 2
    assert f"no notebooks/ folder in the current directory {tmp_path}" in result.stderr
    assert "--notebooks DIR" in result.stderr and "Traceback" not in result.stderr
    assert not list(tmp_path.iterdir())                       # nothing written


def test_build_with_a_missing_notebooks_option_says_so(tmp_path):
    result = run("-m", "backproplab", "slides", "--notebooks", tmp_path / "nope", cwd=tmp_path)
    assert result.returncode == 2 and "--notebooks" in result.stderr and "no such folder" in result.stderr


def test_build_writes_under_the_working_directory(tmp_path):
    (tmp_path / "notebooks").mkdir()
    for lesson in ("01_hand_worked_backprop.ipynb", "03_sigmoid_derivative.ipynb"):
        (tmp_path / "notebooks" / lesson).write_bytes((ROOT / "notebooks" / lesson).read_bytes())
    (tmp_path / "images").mkdir()
    for image in (ROOT / "images").iterdir():
        (tmp_path / "images" / image.name).write_bytes(image.read_bytes())
    result = run("-m", "backproplab", "student", cwd=tmp_path)    # through the umbrella command
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "build" / "student").iterdir()) == [
        "01_hand_worked_backprop.ipynb", "03_sigmoid_derivative.ipynb"]


def test_umbrella_command_lists_its_commands_and_refuses_unknown_ones(tmp_path):
    result = run("-m", "backproplab", "--help", cwd=tmp_path)
    assert result.returncode == 0 and all(c in result.stdout for c in cli.COMMANDS)
    result = run("-m", "backproplab", "frobnicate", cwd=tmp_path)
    assert result.returncode == 2 and "unknown command 'frobnicate'" in result.stderr
    result = run("-m", "backproplab", "lab", cwd=tmp_path)           # no notebooks/: refuses before starting
    assert result.returncode == 2 and "no notebooks/ folder" in result.stderr


def test_the_umbrella_command_knows_every_publishing_command():
    # listed in __main__ without importing backproplab.publish, so `backproplab lab` stays light
    assert cli.PUBLISH_COMMANDS == publish_cli.COMMANDS


def test_lab_command_is_localhost_with_token_rooted_in_the_students_copy():
    command = cli.lab_command()
    assert command[:3] == [sys.executable, "-m", "jupyterlab"]
    assert "--ServerApp.ip=127.0.0.1" in command and "--ServerApp.root_dir=my-lessons" in command
    assert "--LabApp.default_url=/lab/tree/00_start_here.ipynb" in command
    assert not any("token" in part for part in command)               # Jupyter's own random token is kept
    instructor = cli.lab_command(instructor=True)
    assert "--ServerApp.root_dir=." in instructor and "--LabApp.default_url=/lab/tree/notebooks" in instructor
    assert "--ServerApp.root_dir=my-lessons-ko" in cli.lab_command(language="ko")


def test_the_lab_reads_the_packages_default_settings_no_news_toast():
    from backproplab.lab.launcher import SETTINGS

    for command in (cli.lab_command(), cli.lab_command(instructor=True)):
        assert f"--LabApp.app_settings_dir={SETTINGS}" in command
    import json
    overrides = json.loads((SETTINGS / "overrides.json").read_text(encoding="utf-8"))
    assert overrides["@jupyterlab/apputils-extension:notification"] == {"fetchNews": "false", "checkForUpdates": False}


def test_lab_command_sends_small_frames_at_once():
    """`backproplab lab` names its kernel connection (backproplab.lab.server) through jupyter_server's
    documented option; the class is jupyter_server's own, with TCP_NODELAY set on connect."""
    import importlib
    import inspect

    from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

    from backproplab.lab import server as labserver
    command = cli.lab_command()
    option = next(part for part in command if part.startswith("--ServerApp.kernel_websocket_connection_class="))
    module, _, name = option.split("=", 1)[1].rpartition(".")
    connection = getattr(importlib.import_module(module), name)
    assert connection is labserver.LowLatencyKernelConnection
    assert issubclass(connection, ZMQChannelsWebsocketConnection)
    assert "set_nodelay(True)" in inspect.getsource(connection.connect)
