"""The Korean edition is in step with the English: every catalogue complete and current (no missing,
fuzzy or obsolete entry), every entry keeps its math, code, links and images, every Korean lesson the
build of its English lesson and catalogue, code cells exactly the English ones; the glossary's words
used and its avoided words not. And the machinery itself: an English change makes its entry fuzzy."""
import csv
import io
import json
import re
import shutil
import tokenize
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from backproplab.publish import translate

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
GLOSSARY = ROOT / "translations" / "ko" / "glossary.csv"


def test_the_korean_edition_is_in_step_with_the_english():
    found = translate.problems(ROOT, "ko")
    assert not found, f"{len(found)} problem(s):\n" + "\n".join(found[:40])


def without_comments(source: str) -> str:
    """Python source without its comments and trailing blanks (a translated lesson may translate comments)."""
    out = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type != tokenize.COMMENT:
            out.append(token)
    return "\n".join(line.rstrip() for line in tokenize.untokenize(out).splitlines()).strip()


@pytest.mark.parametrize("lesson", ENGLISH, ids=lambda p: p.name[:2])
def test_code_cells_are_the_english_ones_plus_the_language_cell(lesson):
    korean = ROOT / "notebooks" / "ko" / lesson.name
    assert korean.is_file(), f"{korean.relative_to(ROOT)} missing"
    en = json.loads(lesson.read_text(encoding="utf-8"))
    ko = json.loads(korean.read_text(encoding="utf-8"))
    code_en = ["".join(c["source"]) for c in en["cells"] if c["cell_type"] == "code"]
    code_ko = [c for c in ko["cells"] if c["cell_type"] == "code"]
    first = next(i for i, c in enumerate(code_ko) if "setup" not in c["metadata"].get("tags", []))
    assert code_ko[first]["id"] == translate.LANGUAGE_CELL_ID       # before the lesson's code, after Colab's install
    assert "".join(code_ko[first]["source"]) == 'import backproplab\nbackproplab.set_language("ko")'
    code_ko = ["".join(c["source"]) for c in code_ko if c["id"] != translate.LANGUAGE_CELL_ID]
    assert [without_comments(c) for c in code_ko] == [without_comments(c) for c in code_en]
    # cell ids, kinds, slide types, tags and attachments are the English ones, in the same order
    kept = lambda nb: [(c["id"], c["cell_type"], c["metadata"].get("slideshow"), c["metadata"].get("tags"),
                        sorted(c.get("attachments", {}))) for c in nb["cells"] if c["id"] != translate.LANGUAGE_CELL_ID]
    assert kept(ko) == kept(en)
    assert ko["metadata"]["backproplab"]["language"] == "ko"


@pytest.mark.parametrize("lesson", ENGLISH, ids=lambda p: p.name[:2])
def test_korean_lessons_are_korean(lesson):
    ko = json.loads((ROOT / "notebooks" / "ko" / lesson.name).read_text(encoding="utf-8"))
    markdown = [c for c in ko["cells"] if c["cell_type"] == "markdown"]
    hangul = [c for c in markdown if re.search("[가-힣]", "".join(c["source"]))]
    assert len(hangul) == len(markdown), [c["id"] for c in markdown if c not in hangul][:5]


def test_spans_a_translation_must_keep():
    english = "The slope $\\partial E/\\partial w$ is `grad`; see [lesson 2](02_two.ipynb) ![net](net.png) {value:.4f}"
    good = "기울기 $\\partial E/\\partial w$ 는 `grad` 입니다. [2강](02_two.ipynb) ![신경망](net.png) {value:.4f}"
    assert translate.protected_spans(english) == translate.protected_spans(good)
    words_in_math = ("$E = \\text{loss of } p$", "$E = \\text{손실 } p$")          # prose inside math may be translated
    assert translate.protected_spans(words_in_math[0]) == translate.protected_spans(words_in_math[1])
    for bad in (good.replace("\\partial w", "\\partial W"), good.replace("`grad`", "grad"),
                good.replace("02_two.ipynb", "02.ipynb"), good.replace("{value:.4f}", "{value}")):
        assert translate.protected_spans(bad) != translate.protected_spans(english)


def copy_course(tmp_path, lesson):
    (tmp_path / "notebooks").mkdir()
    shutil.copy(lesson, tmp_path / "notebooks" / lesson.name)
    shutil.copytree(ROOT / "translations", tmp_path / "translations")
    return tmp_path / "notebooks" / lesson.name


def test_an_english_change_turns_its_entry_fuzzy_and_the_check_fails(tmp_path):
    lesson = copy_course(tmp_path, ENGLISH[0])
    nb = json.loads(lesson.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    removed = next(c for c in nb["cells"][5:] if c["cell_type"] == "markdown")
    po = translate.update_lesson_catalogue(tmp_path, "ko", lesson)
    catalog = translate.load_catalogue(po, "ko")
    for message in catalog:
        if message.context in (cell["id"], removed["id"]):
            message.string, message.flags = "번역된 셀", set()
    translate._write_catalogue(catalog, po)
    old = "".join(cell["source"])
    cell["source"] = old + "\nOne more English sentence."
    new_cell = {"cell_type": "markdown", "id": "brand-new", "metadata": {}, "source": "A new cell."}
    nb["cells"] = [c for c in nb["cells"] if c is not removed] + [new_cell]
    lesson.write_text(json.dumps(nb, indent=1, ensure_ascii=False), encoding="utf-8")
    path = translate.update_lesson_catalogue(tmp_path, "ko", lesson)
    with open(path, "rb") as fh:
        catalog = read_po(fh, locale="ko")
    changed = next(m for m in catalog if m.context == cell["id"])
    assert changed.fuzzy and changed.string                       # the translation is kept, marked fuzzy
    block = path.read_text(encoding="utf-8").split(f'msgctxt "{cell["id"]}"')[0].rsplit("\n\n", 1)[-1]
    assert "#, fuzzy" in block and "#| msgid" in block            # with the English it was made from
    assert next(m for m in catalog if m.context == "brand-new").string == ""
    assert any(key[1] == removed["id"] for key in catalog.obsolete)
    problems = translate._catalogue_problems(catalog, "x")
    assert any("fuzzy" in p for p in problems) and any("not translated" in p for p in problems)
    assert any("obsolete" in p for p in problems)
    with pytest.raises(ValueError, match=rf"no up-to-date ko translation for \d+ cell\(s\): {cell['id']}"):
        translate.translate_notebook(nb, catalog, "ko")
    draft = translate.translate_notebook(nb, catalog, "ko", allow_missing=True)   # a draft keeps the English
    assert "".join(next(c for c in draft["cells"] if c.get("id") == cell["id"])["source"]) == "".join(cell["source"])


def glossary():
    with open(GLOSSARY, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def korean_texts():
    texts = []
    for po in [*sorted((ROOT / "translations" / "ko").glob("*.po")),
               *sorted((ROOT / "backproplab" / "locale" / "ko" / "LC_MESSAGES").glob("*.po"))]:
        with open(po, "rb") as fh:
            for m in read_po(fh, locale="ko"):
                if m.id and m.string:
                    strings = m.string if isinstance(m.string, tuple) else (m.string,)
                    texts += [(po.name, m.context or str(m.id)[:40], s) for s in strings]
    return texts


def test_the_glossary_is_well_formed():
    rows = glossary()
    assert len(rows) >= 40
    assert all(r["english"] and r["korean"] for r in rows)
    assert len({r["english"] for r in rows}) == len(rows)
    for core in ("역전파", "순전파", "기울기", "학습률", "오차항", "가중치", "편향", "활성화 함수", "손실 함수", "미니배치",
                 "모멘텀", "드롭아웃"):
        assert core in {r["korean"] for r in rows}


def test_the_translations_use_the_glossary_and_none_of_its_avoided_words():
    texts = korean_texts()
    everything = "\n".join(t for _, _, t in texts)
    rows = glossary()
    for row in rows:
        for avoided in filter(None, (w.strip() for w in row["avoid"].split(";"))):
            # another row's chosen term may contain the avoided word (배치 정규화 holds 정규화): not a hit
            allowed = [r["korean"] for r in rows if avoided in r["korean"] and r is not row]
            clean = lambda t: [t := t.replace(a, "") for a in allowed][-1] if allowed else t
            hits = [(f, c) for f, c, t in texts if avoided in clean(t)]
            assert not hits, f"{avoided!r} (use {row['korean']!r} for {row['english']!r}): {hits[:5]}"
    for core in ("역전파", "순전파", "기울기", "학습률", "오차항", "가중치", "편향", "활성화 함수", "손실 함수"):
        assert core in everything


def test_what_a_code_cell_prints_through_bp_tr_is_in_its_lessons_catalogue(tmp_path):
    (tmp_path / "notebooks").mkdir()
    cells = [{"cell_type": "code", "id": "c1", "metadata": {}, "outputs": [], "execution_count": None,
              "source": ['%matplotlib inline\n', 'print(bp.tr("{n} steps later").format(n=3))\n',
                         'ax.set_title(bp.tr_figure("the loss $E$"))']},
             {"cell_type": "markdown", "id": "m1", "metadata": {}, "source": "bp.tr('not code')"}]
    nb = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "notebooks" / "99_test.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    messages = translate.package_messages(tmp_path)["lesson99"]
    assert set(messages) == {"{n} steps later", "the loss $E$"}
    assert messages["{n} steps later"] == [("notebooks/99_test.ipynb#c1", 2)]
    assert "the loss $E$" in translate.figure_messages(tmp_path)
