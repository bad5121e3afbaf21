"""What every lesson notebook shares, checked on each: its heading carries its number, its first code
cell asks for one BLAS thread, and it is stored executed, with no error, no warning and no timing in
its outputs (a timing would differ on every machine). The exercise cells are checked for every lesson
by tests/publish/test_editions.py."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))
TIMING = re.compile(r"\b\d+(?:\.\d+)? ?(?:s|ms|µs|seconds?)\b")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_heading_and_first_code_cell(path, notebook_cells):
    cells = notebook_cells(path)
    number = int(path.name.split("_", 1)[0])
    assert re.match(rf"# Lesson {number} [·—] \S", "".join(cells[0]["source"])), "".join(cells[0]["source"])[:80]
    first_code = next(c for c in cells if c["cell_type"] == "code")
    assert "bp.use_one_blas_thread()" in "".join(first_code["source"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_executed_without_errors_warnings_or_timings(path, notebook_cells):
    for cell in notebook_cells(path):
        if cell["cell_type"] != "code":
            continue
        assert cell.get("execution_count") is not None, "".join(cell["source"])[:80]
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", "".join(cell["source"])[:80]
            text = "".join(out.get("text", ""))
            assert out.get("name") != "stderr", text
            assert not TIMING.search(text), text[:200]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_headings_read_without_raw_latex(path, notebook_cells):
    """JupyterLab's table of contents shows a heading's source: `$\\sigma'$` would read as typed."""
    headings = [line for cell in notebook_cells(path) if cell["cell_type"] == "markdown"
                for line in "".join(cell["source"]).splitlines() if line.startswith("#")]
    assert headings and not [h for h in headings if "$" in h or "\\" in h]
