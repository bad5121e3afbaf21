"""The package as people install it, in temporary venvs built from PyPI (marker ``install``: a few
minutes, the network; ``pytest -m "not install"`` skips them, ``make test`` runs them).

* the student set alone (``backproplab[lab]``, non-editable): no test or instructor tools, every lesson
  runs top to bottom (nbconvert), ``jupyter labextension list`` flags nothing, the README's example runs;
* the publishing tools (``backproplab[publish]``, non-editable, no JupyterLab or kernel): the build and
  image commands work from a temporary working directory holding a copy of ``notebooks/`` and ``images/``,
  and write there, or from anywhere with ``--notebooks DIR --out DIR``.
"""
import json
import re
import shutil
import subprocess
import sysconfig
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.install

LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def deck_names(lessons=None) -> list:
    """The decks ``slides`` writes: one per lesson, and a lecture deck for each lesson with a lecture path."""
    from backproplab.publish.lecture import has_lecture_path
    names = []
    for path in LESSONS if lessons is None else lessons:
        names.append(f"{path.stem}.slides.html")
        if has_lecture_path(nbformat.read(path, as_version=4)):
            names.append(f"{path.stem}.lecture.slides.html")
    return sorted(names)
NOT_FOR_STUDENTS = {"pytest", "nbval", "hypothesis", "playwright", "nbgrader", "jupyterlab-rise",
                    "jupyterlab-mathjax3", "jupyter-server-mathjax"}
STUDENT_NEEDS = {"backproplab", "numpy", "matplotlib", "ipywidgets", "jupyterlab", "ipykernel", "pillow",
                 "threadpoolctl"}


def lesson_folder(tmp_path: Path, lessons=None) -> Path:
    """A working directory such as a student's or instructor's: a copy of notebooks/ (or of only the
    ``lessons`` given) and images/."""
    work = tmp_path / "work"
    if lessons is None:
        shutil.copytree(ROOT / "notebooks", work / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    else:
        (work / "notebooks").mkdir(parents=True)
        for path in lessons:
            shutil.copy2(path, work / "notebooks" / path.name)
    shutil.copytree(ROOT / "images", work / "images")
    return work


def site_packages(venv) -> Path:
    return Path(sysconfig.get_path("purelib", vars={"base": str(venv.path), "platbase": str(venv.path)}))


def readme_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The package in ten lines", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S)[1]


# --------------------------------------------------------------------------- the student set
def test_student_set_is_lean_and_non_editable(student_venv):
    installed = student_venv.distributions()
    assert STUDENT_NEEDS <= installed, STUDENT_NEEDS - installed
    assert not NOT_FOR_STUDENTS & installed, f"the student set pulls in {sorted(NOT_FOR_STUDENTS & installed)}"
    where = student_venv.run(student_venv.python, "-c", "import backproplab; print(backproplab.__file__)",
                             cwd=student_venv.path)
    assert Path(where.stdout.strip()).parent == site_packages(student_venv) / "backproplab", where


def test_student_set_runs_the_first_lesson_top_to_bottom(student_venv, tmp_path):
    """A smoke test of the installed package: lesson 1 runs in the student set's own Jupyter. Every lesson
    runs (and its outputs are compared) once, under nbval, in the test venv; this checks only that the
    non-editable student install has what a lesson needs (package data, kernel, widgets)."""
    work = lesson_folder(tmp_path, LESSONS[:1])
    result = student_venv.run(student_venv.bin("jupyter"), "nbconvert", "--to", "notebook", "--execute",
                              "--ExecutePreprocessor.timeout=600", "--output-dir", tmp_path / "executed",
                              f"notebooks/{LESSONS[0].name}", cwd=work, timeout=1200,
                              env=student_venv.jupyter_env(tmp_path / "jupyter"))
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    nb = nbformat.read(tmp_path / "executed" / LESSONS[0].name, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.execution_count for c in code), f"{LESSONS[0].name}: not every cell ran"
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors, f"{LESSONS[0].name}: {errors[0].ename}: {errors[0].evalue}"


def test_student_lab_lists_no_incompatible_or_instructor_extension(student_venv, tmp_path):
    env = student_venv.jupyter_env(tmp_path / "jupyter")
    result = student_venv.run(student_venv.bin("jupyter"), "labextension", "list", cwd=tmp_path, env=env)
    listing = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)     # no colour codes
    assert result.returncode == 0, listing
    assert "@jupyter-widgets/jupyterlab-manager" in listing and "enabled OK" in listing, listing
    for word in ("incompatible", "mathjax3", "nbgrader", "rise", " X"):
        assert word not in listing.lower() if word != " X" else word not in listing, listing
    servers = student_venv.run(student_venv.bin("jupyter"), "server", "extension", "list", cwd=tmp_path, env=env)
    assert "nbgrader" not in (servers.stdout + servers.stderr)


def test_readme_example_runs_from_the_installed_package(student_venv, tmp_path):
    # The README's block makes its own X, y (the XOR table); the prefix keeps older blocks that only used
    # them working. Run far from the source tree. tests/test_docs.py checks the block's printed output.
    script = tmp_path / "example.py"
    script.write_text("import backproplab as bp\nX, y = bp.datasets.xor()\n" + readme_example()
                      + "\nprint('δ_F', trace['δ_F'], 'loss', history.loss[-1])\n", encoding="utf-8")
    result = student_venv.run(student_venv.python, script, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "z_D = x_A·w_AD + x_B·w_BD + x_C·w_CD = 0·0.4 + 1·(−0.6) + 1·0.9 = 0.3" in result.stdout
    assert re.search(r"δ_F 0\.1083", result.stdout), result.stdout[-500:]


def test_student_set_says_the_build_tools_need_the_publish_extra(student_venv, tmp_path):
    work = lesson_folder(tmp_path)
    result = student_venv.run(student_venv.python, "-m", "backproplab", "site", cwd=work)
    assert result.returncode == 2 and "backproplab[publish]" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and not (work / "build").exists()
    # The images need only the package's own plots.
    result = student_venv.run(student_venv.python, "-m", "backproplab", "images", "--out", tmp_path / "drawn", cwd=work)
    assert result.returncode == 0 and (tmp_path / "drawn" / "network_before.png").is_file(), result.stderr


# --------------------------------------------------------------------------- the publishing tools
def test_publish_set_has_the_tools_and_no_lab(publish_venv):
    installed = publish_venv.distributions()
    assert {"backproplab", "nbconvert", "nbformat", "nbgrader", "beautifulsoup4", "jupyter-server-mathjax"} <= installed
    assert not {"jupyterlab-rise", "pytest", "playwright"} & installed


def lesson1_pictures_embedded(site: Path) -> bool:
    """Lesson 1's page shows its two pictures (cell attachments) as data: URLs."""
    page = (site / "lessons" / f"{LESSONS[0].stem}.html").read_text(encoding="utf-8")
    return page.count('src="data:image/png;base64,') >= 2


def test_build_commands_work_from_a_non_editable_install(publish_venv, tmp_path):
    # Each build of every lesson runs in tests/publish from the source tree; here what is checked is that
    # the installed package finds its templates, data and folders, so two lessons stand for the course.
    lessons = LESSONS[:2]
    work = lesson_folder(tmp_path, lessons)
    before = {p.name: p.read_bytes() for p in (work / "images").iterdir()}
    python = publish_venv.python
    for args in (["-m", "backproplab", "slides"], ["-m", "backproplab", "student"],
                 ["-m", "backproplab", "site"], ["-m", "backproplab", "course", "--lessons", "01"],
                 ["-m", "backproplab", "images"]):
        result = publish_venv.run(python, *args, cwd=work)
        assert result.returncode == 0, f"{' '.join(args)}:\n{result.stderr[-3000:]}"
    assert sorted(p.name for p in (work / "build" / "slides").iterdir()) == deck_names(lessons)
    assert sorted(p.name for p in (work / "build" / "student").iterdir()) == [p.name for p in lessons]
    assert (work / "build" / "html" / "index.html").is_file()
    assert (work / "build" / "html" / "mathjax").is_dir() and lesson1_pictures_embedded(work / "build" / "html")
    assert (work / "build" / "course" / "source" / "lesson01" / LESSONS[0].name).is_file()
    # The images were redrawn in place (they are deterministic), and nothing went into site-packages.
    assert {p.name: p.read_bytes() for p in (work / "images").iterdir()} == before
    installed = site_packages(publish_venv)
    assert not any((installed / name).exists() for name in ("notebooks", "images", "build"))
    # The console script dispatches the same commands (one lesson is enough to show it).
    one = tmp_path / "one"
    (one / "notebooks").mkdir(parents=True)
    shutil.copy2(LESSONS[0], one / "notebooks" / LESSONS[0].name)
    result = publish_venv.run(publish_venv.bin("backproplab"), "slides", "--out", tmp_path / "decks", cwd=one)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "decks").iterdir()) == deck_names(LESSONS[:1])


def test_build_commands_with_explicit_folders_work_from_anywhere(publish_venv, tmp_path):
    # What is checked is where the commands read and write, so two lessons stand for the course.
    lessons = LESSONS[:2]
    work = lesson_folder(tmp_path, lessons)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for what in ("slides", "student", "site", "course"):
        result = publish_venv.run(publish_venv.python, "-m", "backproplab", what, "--notebooks", work / "notebooks",
                                  "--out", tmp_path / "out" / what, cwd=elsewhere)
        assert result.returncode == 0, f"{what}:\n{result.stderr[-3000:]}"
    assert sorted(p.name for p in (tmp_path / "out" / "slides").iterdir()) == deck_names(lessons)
    assert lesson1_pictures_embedded(tmp_path / "out" / "site") and (tmp_path / "out" / "site" / "index.html").is_file()
    assert (tmp_path / "out" / "course" / "source" / "lesson01" / LESSONS[0].name).is_file()
    assert not list(elsewhere.iterdir()) and not (work / "build").exists()


def test_build_commands_from_the_wrong_folder_say_so(publish_venv, tmp_path):
    for args in (["-m", "backproplab", "site"], ["-m", "backproplab", "images"]):
        result = publish_venv.run(publish_venv.python, *args, cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        assert "in the current directory" in result.stderr and "Traceback" not in result.stderr
    assert not list(tmp_path.iterdir())


def test_metadata_of_the_installed_package(publish_venv):
    code = ("import importlib.metadata as m, json, backproplab; d = m.metadata('backproplab'); "
            "print(json.dumps({'version': backproplab.__version__, 'meta': m.version('backproplab'), "
            "'license': d.get('License-Expression'), 'files': [str(f) for f in m.files('backproplab')]}))")
    result = publish_venv.run(publish_venv.python, "-c", code, cwd=publish_venv.path)
    info = json.loads(result.stdout)
    assert info["version"] == info["meta"] != "0+unknown"
    assert info["license"] == "MIT"
    assert any(f.endswith("licenses/LICENSE") for f in info["files"]), info["files"]
    assert any(f.endswith("publish/templates/backproplab_site/index.html.j2") for f in info["files"])


def test_korean_words_and_hangul_figures_from_the_installed_package(student_venv, tmp_path):
    # A pip install alone (non-editable, no system fonts needed): the compiled catalogues and the Hangul
    # font are package data; a Korean figure draws with no missing-glyph or font warning.
    script = tmp_path / "korean.py"
    script.write_text(
        "import logging, warnings\nwarnings.simplefilter('error')\nrecords = []\n"
        "class Keep(logging.Handler):\n"
        "    def emit(self, record):\n"
        "        if record.levelno >= logging.WARNING: records.append(record.getMessage())\n"
        "logging.getLogger('matplotlib').addHandler(Keep())\n"
        "import matplotlib; matplotlib.use('Agg')\n"
        "import matplotlib.pyplot as plt\nimport backproplab as bp\nbp.set_language('ko')\n"
        "net = bp.Network.from_weights([[[0.4, 0.8], [-0.6, 0.2], [0.9, -0.4]], [[-0.5], [0.1]]],\n"
        "    activation='sigmoid', loss='half_sse', names=[['A', 'B', 'C'], ['D', 'E'], ['F']])\n"
        "print(net.train_step([0, 1, 1], [0], lr=0.5).explain().splitlines()[0])\n"
        "fig = bp.plots.draw_network(net, title='한 스텝 후의 가중치')\n"
        "fig.savefig('korean.png')\nprint('records', records)\n", encoding="utf-8")
    result = student_venv.run(student_venv.python, script, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "# 순전파"
    assert "records []" in result.stdout and "glyph" not in result.stderr.lower(), result.stdout + result.stderr
