"""The front door tells the truth: the README's example prints exactly the output the README shows,
the address it says ``make lab`` prints is the one ``make lab`` starts, every lesson is listed, and every
link in the README, the CHANGELOG and ``docs/`` leads to a file (and heading) that exists."""
import contextlib
import io
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
README_KO = ROOT / "README.ko.md"
PAGES = [README, README_KO, ROOT / "CHANGELOG.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")    # [text](target) and ![alt](target)
README_MAX_LINES = 150    # issue 32: the front door stays short; the rest belongs in docs/


def readme_text() -> str:
    return README.read_text(encoding="utf-8")


def example_and_output() -> tuple[str, str]:
    """The README's ten-line example (the first python block after its heading) and the text block after it."""
    section = readme_text().split("## The package in ten lines", 1)[1]
    match = re.search(r"```python\n(.*?)```.*?```text\n(.*?)```", section, re.S)
    assert match, "the README's example has no ```python block followed by a ```text block of its output"
    return match[1], match[2]


def test_readme_example_prints_what_the_readme_shows():
    code, shown = example_and_output()
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {"__name__": "readme_example"})
    assert printed.getvalue() == shown


def test_readme_gives_the_address_make_lab_prints():
    pytest.importorskip("jupyter_server")
    from backproplab.__main__ import lab_command

    options = dict(arg.split("=", 1) for arg in lab_command() if arg.startswith("--") and "=" in arg)
    address = f"http://{options['--ServerApp.ip']}:8888{options['--LabApp.default_url']}?token=…"
    assert options["--ServerApp.ip"] == "127.0.0.1"
    assert address in readme_text()


def test_korean_readme_example_prints_what_it_shows_in_korean():
    from backproplab._plumbing import i18n

    section = README_KO.read_text(encoding="utf-8").split("## 열 줄로 보는 패키지", 1)[1]
    code, shown = re.search(r"```python\n(.*?)```.*?```text\n(.*?)```", section, re.S).groups()
    printed = io.StringIO()
    with i18n.language("en"), contextlib.redirect_stdout(printed):     # the block restores the language
        exec(compile(code, "README.ko.md", "exec"), {"__name__": "readme_example"})
    assert printed.getvalue() == shown and "# 순전파" in shown


def test_korean_readme_opens_with_the_same_two_commands_and_the_address_make_lab_ko_prints():
    pytest.importorskip("jupyter_server")
    from backproplab.__main__ import lab_command

    text = README_KO.read_text(encoding="utf-8")
    commands = re.search(r"```bash\n(.*?)```", text, re.S)[1]
    assert [line.split("#")[0].strip() for line in commands.splitlines()] == ["make lab-ko", "make test"]
    options = dict(arg.split("=", 1) for arg in lab_command(language="ko") if arg.startswith("--") and "=" in arg)
    assert f"http://127.0.0.1:8888{options['--LabApp.default_url']}?token=…" in text
    assert "[한국어](README.ko.md)" in readme_text()


def test_readme_stays_a_front_door():
    lines = readme_text().splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines; move detail into docs/"
    lessons = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert lessons, "no lessons found in notebooks/"
    missing = [stem for stem in lessons if f"`{stem}`" not in readme_text()]
    assert not missing, f"README.md does not list the lessons {missing}"


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a markdown heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(page: Path) -> set:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)   # no code blocks
    return {github_anchor(m[1]) for m in re.finditer(r"^#{1,6} (.+)$", text, re.M)}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_leads_somewhere(page):
    assert page.is_file(), f"{page.relative_to(ROOT)} is missing"
    broken = []
    for target in LINK.findall(page.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target):            # http(s):, mailto: … are not checked offline
            continue
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        if not linked.exists():
            broken.append(f"{target} (no such file)")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            broken.append(f"{target} (no heading with that anchor)")
    assert not broken, f"{page.relative_to(ROOT)}: broken links {broken}"
