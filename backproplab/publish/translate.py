"""Translated editions, kept in step with the English by gettext catalogues (``backproplab translate``).

The English lessons in ``notebooks/`` are the single source. For each language (today: Korean, ``ko``)
two kinds of catalogue hold the translations, both gettext ``.po`` files that translators' tools read:

* **one catalogue per lesson**, ``translations/<lang>/NN_name.po``: one entry per markdown cell (speaker
  notes too), the cell's id as its context (``msgctxt``) and the English cell as ``msgid``. When an English
  cell changes, ``translate update`` marks its entry *fuzzy* (the old English kept as ``#| msgid``), a new
  cell gets an empty entry, a removed one turns obsolete (``#~``); :func:`problems` reports each, and the
  tests fail until a translator has dealt with it.
* **the package's own words**, ``backproplab/locale/<lang>/LC_MESSAGES/<domain>.po``: every message the
  package writes for a student (``tr("…")``, ``mark("…")``, ``tr_n("…", "…", n)`` in its source; see
  :mod:`backproplab._plumbing.i18n`), one domain per part of the package. ``translate compile`` writes the
  ``.mo`` files the package reads at run time (Babel's compiler: no ``msgfmt`` needed).

``translate build`` writes ``notebooks/<lang>/NN_name.ipynb`` from the English lesson and its catalogue:
markdown cells translated, code cells exactly the English ones, cell ids, slide metadata, tags and
attachments kept, plus one cell that switches the package's language before the first code cell (after
Colab's install cell);
then it runs the notebook so that the stored outputs are the translated package's (``--no-execute``
keeps the outputs of the notebook already there when only markdown changed).

Commands (run from the repository's root)::

    backproplab translate update  [--lang ko]            # catalogues follow the English (lessons and package)
    backproplab translate compile [--lang ko]            # .po -> .mo for the package
    backproplab translate build   [--lang ko] [NN ...] [--no-execute]
    backproplab translate check   [--lang ko]            # what is missing, fuzzy, obsolete or stale
"""
from __future__ import annotations

import argparse
import copy
import datetime
import io
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir, extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from .._plumbing import i18n

__all__ = ["TRANSLATED", "TRANSLATIONS", "LANGUAGE_CELL_ID", "KEYWORDS", "lesson_catalogue_path",
           "lesson_messages", "update_lesson_catalogue", "translate_notebook", "build_lesson",
           "package_messages", "figure_messages", "update_package_catalogues", "compiled_mo", "compile_catalogues",
           "protected_spans", "problems", "load_catalogue", "language_cell", "main"]

TRANSLATED = tuple(code for code in i18n.LANGUAGES if code != "en")
TRANSLATIONS = Path("translations")          # translations/<lang>/NN_name.po, relative to the repository
LANGUAGE_CELL_ID = "backproplab-language"
KEYWORDS = {"tr": None, "tr_figure": None, "mark": None, "tr_n": (1, 2)}
FIGURE_KEYWORDS = {"tr_figure": None}
PACKAGE = Path(__file__).resolve().parents[1]
_FIXED_DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
_TEAM = {"ko": "backproplab Korean edition"}
_HEADER = {"ko": "# backproplab, the Korean edition (한국어판). Made by `backproplab translate update` from the\n"
                 "# English; fill in msgstr only. Glossary: translations/ko/glossary.csv. MIT licence."}


def load_catalogue(path: Path, lang: str) -> Catalog:
    """The catalogue at ``path`` (an empty one for ``lang`` when the file does not exist yet)."""
    if path.is_file():
        with open(path, "rb") as fh:
            return read_po(fh, locale=lang, abort_invalid=True)
    return _new_catalogue(lang)


def _new_catalogue(lang: str, domain=None) -> Catalog:
    catalog = Catalog(locale=lang, domain=domain, project="backproplab", language_team=_TEAM.get(lang), fuzzy=False,
                      copyright_holder="the backproplab authors", msgid_bugs_address="the project's issue tracker",
                      last_translator=_TEAM.get(lang), header_comment=_HEADER.get(lang, "# backproplab"))
    return catalog


def _write_catalogue(catalog: Catalog, path: Path, *, sort=False) -> None:
    buffer = io.BytesIO()
    # no line wrapping (a cell's markdown keeps its own lines), no dates that change at every update
    catalog.revision_date = catalog.creation_date
    write_po(buffer, catalog, width=0, sort_output=sort, include_previous=True, omit_header=False)
    data = re.sub(rb'^"(POT-Creation-Date|PO-Revision-Date): [^"\\]*\\n"\n', b"", buffer.getvalue(), flags=re.M)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_bytes() != data:
        tmp = path.with_suffix(".po.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)


# ---------------------------------------------------------------------------------------------- lessons

def lesson_catalogue_path(root: Path, lang: str, lesson: Path) -> Path:
    """``translations/<lang>/NN_name.po`` for the English lesson ``lesson``."""
    return Path(root) / TRANSLATIONS / lang / f"{Path(lesson).stem}.po"


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def lesson_messages(nb) -> list[tuple[str, str, str]]:
    """``(cell id, English markdown, what the cell is)`` for every markdown cell of lesson ``nb``."""
    out = []
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "markdown" or not _source(cell).strip():
            continue
        meta = cell.get("metadata", {})
        kind = "speaker notes" if meta.get("slideshow", {}).get("slide_type") == "notes" else "markdown"
        out.append((cell["id"], _source(cell), f"cell {index}, {kind}"))
    return out


def update_lesson_catalogue(root: Path, lang: str, lesson: Path) -> Path:
    """Bring the catalogue of ``lesson`` in step with the English: new cells get an empty entry, changed
    ones turn fuzzy (old English kept), removed ones obsolete. The translations are never touched."""
    path = lesson_catalogue_path(root, lang, lesson)
    old = load_catalogue(path, lang)
    nb = json.loads(Path(lesson).read_text(encoding="utf-8"))
    by_context = {m.context: m for m in old if m.id and m.context}
    new = _new_catalogue(lang)
    new.creation_date = old.creation_date
    seen = set()
    for cell_id, english, what in lesson_messages(nb):
        seen.add(cell_id)
        before = by_context.get(cell_id)
        message = Message(english, context=cell_id, auto_comments=[what])
        if before is not None:
            message.string = before.string
            message.flags = set(before.flags)
            message.previous_id = before.previous_id
            if before.id != english:
                if "fuzzy" not in before.flags:                      # keep the first English a fuzzy entry had
                    message.previous_id = [before.id] if isinstance(before.id, str) else list(before.id)
                message.flags.add("fuzzy")
        new[english] = message
    for cell_id, message in by_context.items():
        if cell_id not in seen and message.string:
            new.obsolete[(message.id, cell_id)] = message
    for key, message in old.obsolete.items():
        if message.context not in seen:
            new.obsolete[key] = message
    _write_catalogue(new, path)
    return path


def language_cell(lang: str, nbformat_minor: int = 5) -> dict:
    """The set-up cell a translated lesson starts its code with: the package writes in ``lang``."""
    cell = nbformat.v4.new_code_cell(f'import backproplab\nbackproplab.set_language("{lang}")')
    cell["id"] = LANGUAGE_CELL_ID
    cell["metadata"] = {"slideshow": {"slide_type": "skip"}, "tags": ["language"]}
    return cell


def translate_notebook(nb, catalog: Catalog, lang: str, *, allow_missing=False):
    """Lesson ``nb`` (a notebook dict) in ``lang``: each markdown cell replaced by its translation, the
    language cell added before the first code cell (after Colab's install cell, tagged ``setup``, which must
    run before there is a package to import), everything else kept. Raises ``ValueError`` naming the cells
    with no up-to-date translation, unless ``allow_missing`` (then those cells stay English)."""
    out = copy.deepcopy(nb)
    by_context = {m.context: m for m in catalog if m.id and m.context}
    missing, cells = [], []
    placed = False
    for cell in out["cells"]:
        setup = "setup" in cell.get("metadata", {}).get("tags", [])     # Colab's install cell stays first
        if cell["cell_type"] == "code" and not placed and not setup:
            cells.append(language_cell(lang))
            placed = True
        if cell["cell_type"] == "markdown" and _source(cell).strip():
            message = by_context.get(cell["id"])
            if message is None or not message.string or message.fuzzy or message.id != _source(cell):
                missing.append(cell["id"])
            else:
                cell["source"] = message.string
        cells.append(cell)
    if missing and not allow_missing:
        raise ValueError(f"no up-to-date {lang} translation for {len(missing)} cell(s): {', '.join(missing[:8])}"
                         + (" …" if len(missing) > 8 else "") + "; run `backproplab translate update` and translate them")
    out["cells"] = cells
    out["metadata"].setdefault("backproplab", {})["language"] = lang
    return out


def _for_comparison(nb) -> dict:
    """A notebook without what running it changes (outputs, counts, timings, widget state)."""
    nb = copy.deepcopy(nb)
    nb["metadata"].pop("widgets", None)
    for cell in nb["cells"]:
        cell["source"] = _source(cell)
        cell.get("metadata", {}).pop("execution", None)
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    return nb


def build_lesson(root: Path, lang: str, lesson: Path, *, execute=True, allow_missing=False) -> Path:
    """Write ``notebooks/<lang>/<lesson>`` from the English lesson and its catalogue; run it (``execute``)
    or keep the outputs of the translated notebook already there (its code must be unchanged)."""
    root = Path(root)
    english = json.loads(Path(lesson).read_text(encoding="utf-8"))
    catalog = load_catalogue(lesson_catalogue_path(root, lang, lesson), lang)
    nb = translate_notebook(english, catalog, lang, allow_missing=allow_missing)
    target = root / "notebooks" / lang / Path(lesson).name
    target.parent.mkdir(parents=True, exist_ok=True)
    if execute:
        nb = _execute(nb, target.parent)
    elif target.is_file():
        stored = json.loads(target.read_text(encoding="utf-8"))
        old_code = [c for c in stored["cells"] if c["cell_type"] == "code"]
        new_code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        if [_source(c) for c in old_code] != [_source(c) for c in new_code]:
            raise ValueError(f"{target}: the code changed since it was run; build it without --no-execute")
        for old, new in zip(old_code, new_code):
            new["outputs"], new["execution_count"] = old["outputs"], old["execution_count"]
            if "execution" in old.get("metadata", {}):
                new["metadata"]["execution"] = old["metadata"]["execution"]
        if "widgets" in stored["metadata"]:
            nb["metadata"]["widgets"] = stored["metadata"]["widgets"]
    else:
        raise ValueError(f"{target} does not exist yet: build it with its outputs (without --no-execute)")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return target


def _execute(nb, cwd: Path):
    from nbclient import NotebookClient

    nb = copy.deepcopy(nb)
    for cell in nb["cells"]:           # nbformat's in-memory form: one string per source
        cell["source"] = _source(cell)
    node = nbformat.from_dict(nb)
    NotebookClient(node, timeout=900, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(cwd)}}).execute()
    out = json.loads(json.dumps(node))
    for cell in out["cells"]:          # as Jupyter writes them: lines, so that diffs stay readable
        for key in ("source",):
            if isinstance(cell.get(key), str):
                cell[key] = cell[key].splitlines(keepends=True)
        for o in cell.get("outputs", []):
            if isinstance(o.get("text"), str):
                o["text"] = o["text"].splitlines(keepends=True)
            for k, v in o.get("data", {}).items():
                if isinstance(v, str) and not k.endswith("json"):
                    o["data"][k] = v.splitlines(keepends=True)
    return out


# ---------------------------------------------------------------------------------------------- package

def _source_folder(dirpath: str) -> bool:
    # Babel skips folders starting with "_" by default: _plumbing holds messages too
    name = os.path.basename(dirpath)
    return not name.startswith(".") and name != "__pycache__"


def _extract(keywords):
    return extract_from_dir(str(PACKAGE), method_map=[("**.py", "python")], keywords=keywords,
                            comment_tags=("Translators:",), strip_comment_tags=True,
                            directory_filter=_source_folder)


def figure_messages(root=None) -> set[str]:
    """The messages the package (and, with ``root``, the lessons' code cells) draws in figures
    (``tr_figure``): no Hangul beside ``$…$`` in them."""
    return ({message for _f, _l, message, _c, _x in _extract(FIGURE_KEYWORDS) if message}
            | {message for _d, message, _w in _lesson_code_messages(root, FIGURE_KEYWORDS)})


def _lesson_code_messages(root, keywords):
    """``(domain, message, (where, line))`` for each ``bp.tr("…")``-like call in the English lessons' code
    cells (what a code cell prints or draws): domain ``lessonNN`` of lesson ``NN_….ipynb``."""
    if root is None:
        return
    for lesson in sorted((Path(root) / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        nb = json.loads(lesson.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] != "code":
                continue
            source = "\n".join("" if line.lstrip().startswith(("%", "!")) else line   # magics are not Python
                               for line in _source(cell).splitlines())
            found = extract_python(io.BytesIO(source.encode("utf-8")), list(keywords), ["Translators:"],
                                   {"encoding": "utf-8"})
            for lineno, _funcname, message, _comments in found:
                if isinstance(message, (list, tuple)):
                    message = tuple(message) if all(message) and len(message) > 1 else message[0]
                if message:
                    yield f"lesson{lesson.name[:2]}", message, (f"notebooks/{lesson.name}#{cell['id']}", lineno)


def package_messages(root=None) -> dict[str, dict[str, list[tuple[str, int]]]]:
    """Every message the package marks for translation: ``{domain: {msgid: [(file, line), …]}}``; a plural
    message's id is the ``(singular, plural)`` pair. With ``root`` (the repository), also what the English
    lessons' code cells print or draw through ``bp.tr``/``bp.tr_figure``, in their lesson's domain."""
    out: dict[str, dict] = {}
    for filename, lineno, message, _comments, _context in _extract(KEYWORDS):
        if not message or (isinstance(message, tuple) and not all(message)):
            continue
        domain = i18n.domain_of(filename)
        out.setdefault(domain, {}).setdefault(message, []).append((f"backproplab/{filename}", lineno))
    for domain, message, where in _lesson_code_messages(root, KEYWORDS):
        out.setdefault(domain, {}).setdefault(message, []).append(where)
    return out


def _package_po(lang: str, domain: str) -> Path:
    return i18n.LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


def update_package_catalogues(lang: str, root=None) -> list[Path]:
    """The package's catalogues of ``lang`` in step with its source (Babel's update: new messages empty,
    changed ones matched fuzzily and marked fuzzy, removed ones obsolete)."""
    written = []
    for domain, messages in sorted(package_messages(root).items()):
        template = Catalog(locale=None, project="backproplab", domain=domain)
        for msgid, locations in messages.items():
            template.add(msgid, locations=locations)
        path = _package_po(lang, domain)
        catalog = load_catalogue(path, lang)
        catalog.domain = domain
        fresh = _new_catalogue(lang, domain)
        catalog.header_comment, catalog.copyright_holder = fresh.header_comment, fresh.copyright_holder
        catalog.msgid_bugs_address, catalog.last_translator = fresh.msgid_bugs_address, fresh.last_translator
        catalog.update(template, no_fuzzy_matching=False, update_header_comment=False)
        _write_catalogue(catalog, path, sort=True)
        written.append(path)
    return written


def compiled_mo(po: Path, lang: str) -> bytes:
    """The ``.mo`` bytes of catalogue ``po`` (fuzzy entries left out, as gettext does)."""
    buffer = io.BytesIO()
    catalog = load_catalogue(po, lang)
    # the .po carries no dates (they would change at every update); a fixed one keeps the .mo reproducible
    catalog.creation_date = catalog.revision_date = _FIXED_DATE
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def compile_catalogues(lang: str) -> list[Path]:
    written = []
    for po in sorted((i18n.LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po")):
        mo, data = po.with_suffix(".mo"), compiled_mo(po, lang)
        if not mo.is_file() or mo.read_bytes() != data:
            mo.write_bytes(data)
        written.append(mo)
    i18n.reload_catalogues()
    return written


# ---------------------------------------------------------------------------------------------- checks

_SPANS = [
    re.compile(r"\$\$.+?\$\$", re.S),                 # display math
    re.compile(r"(?<![\\$])\$(?!\$)(?:\\.|[^$\\])+?\$"),  # inline math
    re.compile(r"`[^`]+`"),                            # inline code (may wrap a line)
    re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)"),  # link and image targets
    re.compile(r"<img\b[^>]*>"),                       # HTML images
    re.compile(r"\{[A-Za-z_][A-Za-z_0-9]*(?:[:!][^{}]*)?\}"),   # format fields of the package's messages
]


_MATH_TEXT = re.compile(r"\\(text|textrm|textit|textbf|mbox)\{[^{}]*\}")


def protected_spans(text: str) -> list[str]:
    """What a translation must keep exactly (in any order): math, inline code, link and image targets,
    HTML images, ``{field}`` placeholders. Fenced code blocks are compared whole. Words inside math
    (``\\text{…}``) are prose and may be translated: they compare as ``\\text{}``."""
    spans = re.findall(r"```.*?```", text, re.S)
    rest = re.sub(r"```.*?```", " ", text, flags=re.S)
    for pattern in _SPANS:
        found = pattern.findall(rest)
        spans += [_MATH_TEXT.sub(r"\\\1{}", s) if s.startswith("$") else s for s in found]
        rest = pattern.sub(" ", rest)
    return sorted(spans)


_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")


def _without_math(spans):
    return [s for s in spans if not s.startswith("$")]


def _catalogue_problems(catalog: Catalog, where: str, expected=None, figures=frozenset()) -> list[str]:
    out = []
    for message in catalog:
        if not message.id:
            continue
        name = f"{where} [{message.context}]" if message.context else f"{where} {str(message.id)[:50]!r}"
        if message.fuzzy:
            out.append(f"{name}: fuzzy (the English changed; update the translation, then remove the fuzzy flag)")
        elif not message.string or (isinstance(message.string, tuple) and not all(message.string)):
            out.append(f"{name}: not translated")
        else:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            figure = message.id in figures
            if figure and any("$" in s and _HANGUL.search(s) for s in strings):
                out.append(f"{name}: figure text with both Hangul and $…$ (matplotlib's math fonts have no "
                           "Hangul: write the math as plain Unicode, η, σ′, E_total)")
                continue
            for string in strings:
                want_spans = protected_spans(ids[-1] if len(strings) == 1 and len(ids) > 1 else ids[0])
                got_spans = protected_spans(string)
                if figure and "$" not in string:         # math written as Unicode in a figure: the rest must match
                    want_spans, got_spans = _without_math(want_spans), _without_math(got_spans)
                if got_spans != want_spans:
                    lost = [s for s in want_spans if s not in got_spans][:3]
                    added = [s for s in got_spans if s not in want_spans][:3]
                    out.append(f"{name}: math/code/link spans differ from the English (lost {lost}, added {added})")
                    break
    for key in catalog.obsolete:
        out.append(f"{where}: obsolete entry {key!r} (remove it)")
    if expected is not None:
        for msgid in expected:
            if msgid not in catalog:
                out.append(f"{where}: no entry for {str(msgid)[:60]!r} (run `backproplab translate update`)")
        for message in catalog:
            if message.id and message.id not in expected:
                out.append(f"{where}: entry {str(message.id)[:60]!r} is no longer in the source "
                           "(run `backproplab translate update`)")
    return out


def problems(root: Path, lang: str, *, lessons=True, package=True, notebooks=True) -> list[str]:
    """Everything that keeps edition ``lang`` from being in step with the English, one line each."""
    root = Path(root)
    out = []
    english = sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if lessons or notebooks:
        for lesson in english:
            path = lesson_catalogue_path(root, lang, lesson)
            if not path.is_file():
                out.append(f"{path.relative_to(root)}: missing (run `backproplab translate update`)")
                continue
            catalog = load_catalogue(path, lang)
            nb = json.loads(lesson.read_text(encoding="utf-8"))
            wanted = {(cid, text) for cid, text, _ in lesson_messages(nb)}
            if lessons:
                out += _catalogue_problems(catalog, str(path.relative_to(root)))
                have = {(m.context, m.id) for m in catalog if m.id}
                out += [f"{path.relative_to(root)} [{cid}]: no entry for this cell (run `backproplab translate update`)"
                        for cid, text in sorted(wanted - have) if cid not in {c for c, _ in have}]
            if notebooks:
                target = root / "notebooks" / lang / lesson.name
                if not target.is_file():
                    out.append(f"{target.relative_to(root)}: missing (run `backproplab translate build`)")
                    continue
                try:
                    built = translate_notebook(nb, catalog, lang)
                except ValueError:
                    continue                               # reported above, cell by cell
                stored = json.loads(target.read_text(encoding="utf-8"))
                if _for_comparison(built) != _for_comparison(stored):
                    out.append(f"{target.relative_to(root)}: not the build of the English lesson and its catalogue "
                               "(run `backproplab translate build`)")
    if package:
        messages, figures = package_messages(root), figure_messages(root)
        folder = i18n.LOCALE_DIR / lang / "LC_MESSAGES"
        for domain in sorted(set(messages) | {p.stem for p in folder.glob("*.po")}):
            po = _package_po(lang, domain)
            where = f"backproplab/locale/{lang}/LC_MESSAGES/{domain}.po"
            if not po.is_file():
                out.append(f"{where}: missing (run `backproplab translate update`)")
                continue
            out += _catalogue_problems(load_catalogue(po, lang), where, expected=set(messages.get(domain, {})),
                                       figures=figures)
            mo = po.with_suffix(".mo")
            if not mo.is_file() or mo.read_bytes() != compiled_mo(po, lang):
                out.append(f"{where[:-3]}.mo: not compiled from the .po (run `backproplab translate compile`)")
    return out


# ---------------------------------------------------------------------------------------------- command

def main(argv) -> int:
    parser = argparse.ArgumentParser(prog="backproplab translate", description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("update", "compile", "build", "check"))
    parser.add_argument("lessons", nargs="*", metavar="NN", help="build only: the lessons (default: all)")
    parser.add_argument("--lang", default="ko", choices=TRANSLATED)
    parser.add_argument("--no-execute", action="store_true",
                        help="build only: keep the stored outputs (the code must be unchanged)")
    parser.add_argument("--allow-missing", action="store_true",
                        help="build only: leave cells without a translation in English (a draft)")
    args = parser.parse_args(argv)
    root = Path.cwd()
    english = sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if not english:
        parser.error(f"no notebooks/NN_*.ipynb in the current directory {root}: run from the repository's root")
    if args.action == "update":
        for lesson in english:
            print(update_lesson_catalogue(root, args.lang, lesson).relative_to(root))
        for path in update_package_catalogues(args.lang, root):
            print(path)
    elif args.action == "compile":
        for path in compile_catalogues(args.lang):
            print(path)
    elif args.action == "build":
        wanted = [p for p in english if not args.lessons or p.name[:2] in args.lessons]
        for lesson in wanted:
            try:
                path = build_lesson(root, args.lang, lesson, execute=not args.no_execute,
                                    allow_missing=args.allow_missing)
            except ValueError as err:
                print(f"backproplab translate: {lesson.name}: {err}", file=sys.stderr)
                return 1
            print(path.relative_to(root))
    else:
        found = problems(root, args.lang)
        for line in found:
            print(line)
        print(f"{len(found)} problem(s)" if found else f"the {args.lang} edition is in step with the English")
        return 1 if found else 0
    return 0
