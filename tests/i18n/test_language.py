"""Choosing the package's language: ``set_language`` or ``BACKPROPLAB_LANG``, never the system locale;
bad values refused by name; the catalogues load through stdlib gettext from the package's own files."""
import os
import subprocess
import sys

import pytest

import backproplab as bp
from backproplab._plumbing import i18n


def run(code, **env):
    """``code`` in a fresh interpreter with ``env`` on top of a copy of this one's environment; its stdout."""
    full = {k: v for k, v in os.environ.items() if k not in ("BACKPROPLAB_LANG", "LANG", "LC_ALL", "LANGUAGE")}
    full.update(env)
    done = subprocess.run([sys.executable, "-c", code], env=full, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_english_by_default_and_a_korean_system_locale_changes_nothing():
    assert run("import backproplab as bp; print(bp.get_language())") == "en"
    assert run("import backproplab as bp; print(bp.get_language())",
               LANG="ko_KR.UTF-8", LC_ALL="ko_KR.UTF-8", LANGUAGE="ko") == "en"


def test_the_environment_variable_chooses_korean_for_a_whole_lab():
    assert run("import backproplab as bp; print(bp.get_language())", BACKPROPLAB_LANG="ko") == "ko"
    assert run("import backproplab as bp; print(bp.get_language())", BACKPROPLAB_LANG="ko_KR") == "ko"


def test_a_bad_environment_value_is_named():
    full = {**os.environ, "BACKPROPLAB_LANG": "klingon"}
    done = subprocess.run([sys.executable, "-c", "import backproplab as bp; bp.get_language()"], env=full,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "BACKPROPLAB_LANG must be one of en, ko; got 'klingon'" in done.stderr


@pytest.mark.parametrize("value, error, words", [
    ("fr", ValueError, "lang must be one of en, ko; got 'fr'"),
    ("", ValueError, "lang must be one of en, ko; got ''"),
    (None, TypeError, "lang must be a language code str, one of en, ko; got NoneType"),
    (1, TypeError, "got int"),
])
def test_set_language_refuses_by_name_and_changes_nothing(value, error, words):
    before = bp.get_language()
    with pytest.raises(error, match=words.replace("(", r"\(").replace(")", r"\)")):
        bp.set_language(value)
    assert bp.get_language() == before


def test_set_language_accepts_region_forms_and_the_block_restores():
    before = bp.get_language()
    with i18n.language("ko-KR") as code:
        assert code == "ko" and bp.get_language() == "ko"
    assert bp.get_language() == before


def test_the_block_restores_the_language_after_an_error():
    before = bp.get_language()
    with pytest.raises(RuntimeError):
        with i18n.language("ko"):
            raise RuntimeError("boom")
    assert bp.get_language() == before


def test_english_is_the_source_text_and_a_message_without_translation_stays_itself():
    assert i18n.tr("an English message no catalogue has") == "an English message no catalogue has"
    with i18n.language("ko"):
        assert i18n.tr("an English message no catalogue has") == "an English message no catalogue has"
    assert i18n.tr_n("one step", "{n} steps", 1) == "one step"
    assert i18n.tr_n("one step", "{n} steps", 2) == "{n} steps"
    assert i18n.mark("kept as it is") == "kept as it is"


def test_korean_catalogues_are_read_from_the_package_files():
    mos = sorted((i18n.LOCALE_DIR / "ko" / "LC_MESSAGES").glob("*.mo"))
    assert mos, "no compiled Korean catalogue in the package"
    from babel.messages.pofile import read_po
    po = mos[0].with_suffix(".po")
    with open(po, "rb") as fh:
        catalog = read_po(fh, locale="ko")
    message = next(m for m in catalog if m.id and m.string and not m.fuzzy and isinstance(m.id, str))
    assert i18n.tr(message.id) == message.id
    with i18n.language("ko"):
        assert i18n.tr(message.id) == message.string


@pytest.mark.parametrize("path, domain", [
    ("lessons/lesson03/figures.py", "lesson03"), ("backproplab/lessons/lesson10/explorer/controls.py", "lesson10"),
    ("exercises/registry.py", "exercises"), ("trace_render.py", "backproplab"), ("lessons/__init__.py", "backproplab"),
    ("plots/training.py", "backproplab"),
])
def test_each_source_file_has_one_domain(path, domain):
    assert i18n.domain_of(path) == domain
