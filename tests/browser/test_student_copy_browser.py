"""The student's lab as `make lab` serves it: their own copy of the lessons (no speaker notes), opened on
the course map; a checked exercise shows as progress on the map. Screenshots in Light and Dark are kept
in the test's folder (``BACKPROPLAB_SHOTS`` names another folder to keep them)."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from lab import notes_on_failure, open_notebook, start_lab, stop, write_notebook

from backproplab.lab import course_map
from backproplab.lab.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
OPEN_TIMEOUT_MS = 90_000


def _set_theme(page, server, theme: str):
    """JupyterLab's theme through its settings API, as a student's Settings menu sets it."""
    page.evaluate("""async ([url, theme]) => {
        const token = new URL(url).searchParams.get('token');
        await fetch('/lab/api/settings/@jupyterlab/apputils-extension:themes?token=' + token, {
            method: 'PUT', headers: {'Content-Type': 'application/json'},
            body: JSON.stringify({raw: JSON.stringify({theme: theme})})});
    }""", [server.url("lab"), theme])


def _run_all(page):
    """Run → Run All Cells (the notebooks here are too quick for lab.run_all_cells' busy wait)."""
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()


def test_the_student_lab_opens_on_the_course_map_of_their_own_copy(tmp_path, browser):
    course = tmp_path / "course"
    (course / "notebooks").mkdir(parents=True)
    for lesson in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"):
        shutil.copy2(lesson, course / "notebooks" / lesson.name)
    shots = Path(os.environ.get("BACKPROPLAB_SHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    server = start_lab(tmp_path)
    try:
        ws = Workspace(course)
        ws.copy = server.root                   # the folder the lab serves, as my-lessons/ in make lab
        ws.prepare()
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        with notes_on_failure(page, tmp_path, server):
            # a checked exercise in the copy is recorded, outside any lesson
            write_notebook(server.root, "try.ipynb", ["from backproplab.exercises import check\ncheck('o_E', 0.4502)"])
            open_notebook(page, server, "try.ipynb")
            _run_all(page)
            page.locator(".jp-OutputArea-output", has_text="✔ correct").wait_for(timeout=OPEN_TIMEOUT_MS)
            for theme in ("JupyterLab Light", "JupyterLab Dark"):
                if theme != "JupyterLab Light":           # the lab starts Light; a reload applies the new theme
                    _set_theme(page, server, theme)
                page.goto(server.url(f"lab/tree/{course_map.START_PAGE}"))   # its code cell is below the fold
                page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedMarkdown table a").first.wait_for(
                    timeout=OPEN_TIMEOUT_MS)
                page.wait_for_function("() => document.querySelector('#jp-main-statusbar')?.textContent"
                                       ".includes('Idle')", timeout=OPEN_TIMEOUT_MS, polling=250)
                _run_all(page)
                # the shown notebook's cell (the other open tab's cells stay in the page, hidden)
                shown = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
                code_cell = shown.locator(".jp-CodeCell").last
                code_cell.scroll_into_view_if_needed()
                table = code_cell.locator(".jp-OutputArea-output table").first
                table.wait_for(timeout=OPEN_TIMEOUT_MS)
                assert re.search(r"\b1 of \d+ right", table.inner_text())
                assert shown.locator(".jp-RenderedMarkdown table a").count() == 10
                page.screenshot(path=str(shots / f"course_map_{theme.split()[-1].lower()}.png"))
            # a lesson opened from the map: its opening (where the tracked lesson has a speaker-notes cell
            # right under the title) shows no notes
            page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedMarkdown table a",
                         has_text="Backpropagation by hand").click()
            panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
            panel.locator(".jp-RenderedMarkdown h1", has_text="Lesson 1").wait_for(timeout=OPEN_TIMEOUT_MS)
            first_cells = panel.locator(".jp-Cell").all_inner_texts()[:4]
            assert first_cells and "Lesson 1" in first_cells[0]
            assert not any("Speaker notes" in text for text in first_cells), first_cells
            page.screenshot(path=str(shots / "lesson01_dark.png"))
        page.close()
    finally:
        stop(server.process)
