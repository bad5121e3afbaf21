"""Hangul in figures on a fresh install: the shipped NanumGothic is a *fallback*, so Korean draws and
∂, −, η, σ still come from DejaVu Sans; no missing-glyph message anywhere; English leaves rcParams alone."""
import os
import subprocess
import sys

SCRIPT = r'''
import logging, warnings, io
warnings.simplefilter("error")
records = []
class Keep(logging.Handler):
    def emit(self, record):
        if record.levelno >= logging.WARNING: records.append(record.getMessage())
logging.getLogger("matplotlib").addHandler(Keep())
import matplotlib; matplotlib.use("Agg")
import backproplab as bp
import backproplab.plots
import matplotlib.pyplot as plt
from matplotlib import font_manager
english = list(matplotlib.rcParams["font.family"])
bp.set_language("ko")
fig, ax = plt.subplots(figsize=(4, 3), dpi=80)
ax.set_title("학습 단계별 손실 E_total, 기울기 ∂E/∂w, η = 0.5, σ′(z) − 1")
ax.set_xlabel("에포크 (epoch)")
ax.set_ylabel("$E_{total}$")
ax.text(0.5, 0.5, "굵은 글씨 (bold)", weight="bold")
ax.plot([0, 1], [1, 0], label="가중치 w₁")
ax.legend()
fig.canvas.draw()
fig.savefig(io.BytesIO(), format="png")
from matplotlib.font_manager import findfont, get_font
from matplotlib.font_manager import FontProperties
chain = [get_font(findfont(FontProperties(family=[family]), fallback_to_default=False)).family_name
         for family in ax.title.get_fontproperties().get_family()]
print("ENGLISH", english)
print("KOREAN", list(matplotlib.rcParams["font.family"]))
print("CHAIN", chain)
print("RECORDS", records)
'''


def test_korean_title_renders_with_no_glyph_warning_and_math_keeps_its_font():
    env = {k: v for k, v in os.environ.items() if k not in ("BACKPROPLAB_LANG",)}
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)
    assert "glyph" not in done.stderr.lower(), done.stderr
    assert lines["RECORDS"] == "[]"
    assert "NanumGothic" not in lines["ENGLISH"]
    assert lines["KOREAN"].endswith("'NanumGothic']")
    chain = eval(lines["CHAIN"])                       # the fonts the title is drawn with, in order
    assert chain[0] == "DejaVu Sans" and chain[-1] == "NanumGothic"


def test_the_font_is_shipped_with_its_licence():
    from backproplab._plumbing import figure_font as fonts

    assert fonts.HANGUL_FONT.is_file() and fonts.HANGUL_FONT.stat().st_size > 1_000_000
    licence = (fonts.HANGUL_FONT.parent / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE" in licence and "NanumGothic" in licence


def test_the_font_is_package_data():
    import tomllib
    from pathlib import Path

    data = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())
    patterns = data["tool"]["setuptools"]["package-data"]["backproplab"]
    assert "fonts/*.ttf" in patterns and "locale/*/LC_MESSAGES/*.mo" in patterns
