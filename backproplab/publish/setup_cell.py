"""The guarded first code cell of every lesson, written here once.

A lesson opened on its own — in Google Colab, or downloaded without the repository — has no
backproplab to import. This cell installs it there, and does nothing where it is already installed
(``make lab``, Binder, a venv with the package). Lesson writers put :data:`SOURCE` verbatim as each
lesson's first code cell (``python -m backproplab.publish.setup_cell`` prints it; :func:`cell` makes
the nbformat cell, skipped on slides); ``tests/test_setup_cell.py`` checks that lessons carry exactly
this text.

It needs no import of backproplab (it runs before there is one) and only the standard library.
"""
from __future__ import annotations

# Where the package is installed from when it is missing: the repository's default branch.
REPOSITORY = "https://github.com/OWNER/backproplab"
INSTALL_SPEC = f"backproplab @ git+{REPOSITORY}"

SOURCE = f'''\
# Set-up for Colab or a lesson opened on its own: installs backproplab when it is missing
# (in `make lab` or on Binder it is already installed, and this cell does nothing).
import importlib.util, subprocess, sys
if importlib.util.find_spec("backproplab") is None:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "{INSTALL_SPEC}"], check=True)
if "google.colab" in sys.modules:   # Colab shows ipywidgets 8 through its custom widget manager
    from google.colab import output
    output.enable_custom_widget_manager()'''


def cell():
    """:data:`SOURCE` as an nbformat code cell, tagged ``setup`` and skipped on slides."""
    import nbformat

    return nbformat.v4.new_code_cell(SOURCE, metadata={"slideshow": {"slide_type": "skip"}, "tags": ["setup"]})


if __name__ == "__main__":
    print(SOURCE)
