"""`make lab`'s JupyterLab (the student set) shows no Nbgrader menu; the instructor's (the full set,
this test's own environment) does, which shows the check can see such a menu when there is one."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MENU_LABELS = "#jp-menu-panel .lm-MenuBar-itemLabel"
OPEN_TIMEOUT_MS = 90_000

pytestmark = pytest.mark.install


def menu_bar(server, browser) -> list[str]:
    shutil.copytree(ROOT / "notebooks", server.root / "notebooks")     # laid out as make lab serves it
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(server.url("lab/tree/notebooks"))
        page.locator(MENU_LABELS, has_text="Kernel").first.wait_for(timeout=OPEN_TIMEOUT_MS)
        page.locator(".jp-DirListing-item", has_text="01_hand_worked_backprop").first.wait_for(timeout=OPEN_TIMEOUT_MS)
        page.wait_for_timeout(1500)        # every plugin has activated once the file browser is restored
        return page.locator(MENU_LABELS).all_text_contents()
    except BaseException as err:
        err.add_note(f"JupyterLab log, last lines:\n{server.log(2000)}")
        raise
    finally:
        page.close()


def test_student_lab_has_no_nbgrader_menu(student_venv, lab_server_factory, browser):
    with lab_server_factory(student_venv.python, "student", student_venv.env()) as server:
        labels = menu_bar(server, browser)
    assert {"File", "Edit", "View", "Run", "Kernel", "Help"} <= set(labels), labels
    assert "Nbgrader" not in labels, labels


def test_instructor_lab_has_the_nbgrader_menu(lab_server_factory, browser):
    import sys

    with lab_server_factory(sys.executable, "instructor") as server:
        labels = menu_bar(server, browser)
    assert "Nbgrader" in labels, labels
