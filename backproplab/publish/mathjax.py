"""MathJax for the static builds, configured here once: the slides and the site insert the same
:func:`font_config` after nbconvert's own MathJax configuration, and the site carries an offline copy.

The offline copy is MathJax 2 as shipped by the ``jupyter_server_mathjax`` package. It has the
STIX-Web fonts only, not MathJax's default TeX fonts: without this configuration its HTML-CSS output
falls back to other fonts, or fails on characters such as a prime ("Math Processing Error"). A deck
loads MathJax from nbconvert's CDN address (CommonHTML output, which this leaves alone) unless
``--mathjax-url`` points it at a copy such as this one.

The slides also ask HTML-CSS to break long lines, as nbconvert asks of CommonHTML; the site does not:
HTML-CSS's automatic line breaks also break the inline formulas of a table's cells (lesson 3's table of
activations comes out one symbol a line), so a page keeps each formula on one line.
"""
from __future__ import annotations

import shutil
from pathlib import Path

__all__ = ["LOCAL_CONFIG", "configure", "copy_mathjax", "font_config", "local_url"]

# the HTML-CSS output's fonts: the STIX-Web fonts the offline copy ships
_FONTS = 'availableFonts: [], preferredFont: null, webFont: "STIX-Web", imageFont: null'
# The end of the configuration nbconvert writes (base/mathjax.html.j2): ours comes after it, so it wins.
_CONFIG_END = "<!-- End of mathjax configuration -->"
# The configuration the offline copy is loaded with; both files ship in jupyter_server_mathjax/static/config.
LOCAL_CONFIG = "TeX-AMS-MML_HTMLorMML-full,Safe"
FOLDER = "mathjax"


def font_config(*, linebreaks: bool) -> str:
    """The ``<script>`` that configures MathJax's HTML-CSS output: the STIX-Web fonts and, if
    ``linebreaks``, automatic line breaks."""
    breaks = ",\n                                  linebreaks: {automatic: true}" if linebreaks else ""
    return ('<script type="text/x-mathjax-config">\n'
            f'MathJax.Hub.Config({{"HTML-CSS": {{{_FONTS}{breaks}}}}});\n'
            "</script>")


def configure(html: str, *, linebreaks: bool) -> str:
    """``html`` (a page nbconvert wrote) with :func:`font_config` after its MathJax configuration."""
    if _CONFIG_END not in html:
        raise ValueError(f"html: no {_CONFIG_END!r} to put the MathJax font configuration after")
    return html.replace(_CONFIG_END, f"{_CONFIG_END}\n{font_config(linebreaks=linebreaks)}", 1)


def local_url(prefix: str = "") -> str:
    """The address of the offline copy from a page: ``prefix`` is the way to the site's root (``"../"``)."""
    return f"{prefix}{FOLDER}/MathJax.js?config={LOCAL_CONFIG}"


def copy_mathjax(out_dir) -> Path:
    """Copy MathJax from the ``jupyter_server_mathjax`` package to ``out_dir/mathjax``; returns that folder."""
    import jupyter_server_mathjax

    static = Path(jupyter_server_mathjax.__file__).resolve().parent / "static"
    if not (static / "MathJax.js").is_file():
        raise FileNotFoundError(f"MathJax.js not found in {static}; reinstall jupyter-server-mathjax")
    target = Path(out_dir) / FOLDER
    shutil.copytree(static, target, dirs_exist_ok=True)
    return target
