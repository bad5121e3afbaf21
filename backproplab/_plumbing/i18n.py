"""The language the package writes in: English by default, Korean when asked.

    >>> import backproplab as bp
    >>> bp.set_language("ko")        # or BACKPROPLAB_LANG=ko for a whole lab
    >>> print(net.train_step(x, t, lr=0.5).explain())   # 순전파 …

What the package *writes for a student* goes through :func:`tr` (:func:`tr_figure` for figure text): the trace's lines and table headers,
exercise feedback, hints and misconception messages, widget labels and read-outs, figure titles and
axis labels. Error messages (``ValueError`` … naming an argument) stay English: they are for whoever
calls the function, and searching the web for them must work.

How the catalogues work (stdlib :mod:`gettext`, nothing else at run time):

* ``backproplab/locale/<lang>/LC_MESSAGES/<domain>.mo``, one domain per part of the package
  (``backproplab`` for the shared modules, ``exercises`` for the checker, ``lesson01`` … ``lesson10`` for
  the lesson folders; see
  :func:`domain_of`), compiled from the ``.po`` beside it by ``python -m backproplab.publish.translate
  compile`` (Babel, so no ``msgfmt`` is needed). All domains of a language are chained: a message is
  looked up in each.
* The language is chosen by :func:`set_language` or the environment variable ``BACKPROPLAB_LANG``,
  **never** by ``LANG``/``LC_ALL``: a Korean laptop's English lessons stay English.
* A message written at import time (a table of titles) is marked with :func:`mark` (which returns it
  unchanged, so the extractor finds it) and translated with :func:`tr` where it is shown.
* A message with values uses named fields, translated first and formatted after:
  ``tr("{n} of {total} steps rise").format(n=n, total=total)``: the translator may reorder them.
* Hangul never goes inside ``$…$`` in figure text: matplotlib's mathtext has no font fallback.
"""
from __future__ import annotations

import gettext
import os
import pathlib
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["LANGUAGES", "set_language", "get_language", "language", "tr", "tr_figure", "figure_math", "tr_n", "mark", "domain_of",
           "LOCALE_DIR", "ENV_VAR", "reload_catalogues"]

LANGUAGES = ("en", "ko")
"""The languages the package can write: English (the source) and Korean."""
ENV_VAR = "BACKPROPLAB_LANG"
LOCALE_DIR = pathlib.Path(__file__).resolve().parents[1] / "locale"

_state = {"language": None}                    # None: not chosen yet (read ENV_VAR on first use)
_catalogues: dict[str, gettext.NullTranslations] = {}


def _check(lang, name="lang"):
    if not isinstance(lang, str):
        raise TypeError(f"{name} must be a language code str, one of {', '.join(LANGUAGES)}; got {type(lang).__name__}")
    code = lang.strip().lower().replace("_", "-").split("-")[0]
    if code not in LANGUAGES:
        raise ValueError(f"{name} must be one of {', '.join(LANGUAGES)}; got {lang!r}")
    return code


def get_language() -> str:
    """The language the package writes in now: ``"en"`` or ``"ko"``."""
    if _state["language"] is None:
        value = os.environ.get(ENV_VAR, "").strip()
        try:
            code = _check(value, ENV_VAR) if value else "en"
        except ValueError as err:
            raise ValueError(f"the environment variable {err}") from None
        _state["language"] = code
        _figures_follow(code)
    return _state["language"]


def _figures_follow(code: str) -> None:
    """Figures can draw language ``code`` (a Hangul fallback font for Korean; English changes nothing and
    imports no matplotlib)."""
    if code != "en":
        from .figure_font import use_language_font    # matplotlib, only once a translation is asked for

        use_language_font(code)


def set_language(lang: str) -> None:
    """Write in ``lang`` from now on (``"en"`` or ``"ko"``; ``"ko-KR"``, ``"ko_KR"`` are read as ``"ko"``).

    Figures drawn afterwards use a Hangul font as a fallback (:mod:`._plumbing.figure_font`), so ∂, η, σ
    still come from the usual font. (Returns nothing, so a notebook cell ending with it prints nothing.)
    """
    code = _check(lang)
    _state["language"] = code
    _figures_follow(code)


@contextmanager
def language(lang: str) -> Iterator[str]:
    """``with language("ko"): …`` writes in ``lang`` inside the block and restores the language after."""
    before = get_language()
    code = _check(lang)
    set_language(code)
    try:
        yield code
    finally:
        set_language(before)


def _catalogue(code: str) -> gettext.NullTranslations:
    """Every domain of language ``code`` chained (``NullTranslations`` for English: the source text)."""
    if code not in _catalogues:
        chain = gettext.NullTranslations()
        folder = LOCALE_DIR / code / "LC_MESSAGES"
        if code != "en" and folder.is_dir():
            found = []
            for path in sorted(folder.glob("*.mo")):
                with open(path, "rb") as fh:
                    found.append(gettext.GNUTranslations(fh))
            if found:
                chain = found[0]
                for extra in found[1:]:
                    chain.add_fallback(extra)
        _catalogues[code] = chain
    return _catalogues[code]


def tr(message: str) -> str:
    """``message`` in the current language (itself when English, or when no translation exists)."""
    code = get_language()
    if code == "en":
        return message
    return _catalogue(code).gettext(message)


def tr_figure(message: str) -> str:
    """:func:`tr` for text a matplotlib figure draws (titles, axis labels, legends, annotations).

    Matplotlib draws a string that holds ``$…$`` entirely with its math fonts, which have no Hangul and no
    fallback: a translated figure text therefore has either math or Hangul, never both (write η, σ′,
    E_total, ∂E/∂w as plain Unicode in the Korean, where the English has ``$…$``). The translation
    check holds these messages to that rule (:func:`backproplab.publish.translate.problems`)."""
    return tr(message)


def figure_math(tex: str, plain: str) -> str:
    """A value in figure text beside words: ``tex`` (with ``$…$``) in English, ``plain`` (Unicode: η = 0.5,
    σ′(z)) in a translation, whose figure strings carry no math next to their Hangul."""
    return tex if get_language() == "en" else plain


def tr_n(singular: str, plural: str, n: int) -> str:
    """The singular or plural form of a message for count ``n``, in the current language."""
    code = get_language()
    if code == "en":
        return singular if n == 1 else plural
    return _catalogue(code).ngettext(singular, plural, n)


def mark(message: str) -> str:
    """Mark ``message`` for translation without translating it now (tables built at import time);
    :func:`tr` translates it where it is shown."""
    return message


def domain_of(module_path: str | os.PathLike) -> str:
    """The catalogue domain of a source file of the package: ``lessonNN`` for a lesson folder's modules,
    ``exercises`` for the exercise checker's, ``publish`` for the publishing tools' (the site's words),
    ``backproplab`` for everything else."""
    parts = pathlib.PurePath(module_path).parts
    for part in ("exercises", "publish"):
        if part in parts[:-1]:
            return part
    if "lessons" in parts:
        i = parts.index("lessons")
        if i + 1 < len(parts) and parts[i + 1].startswith("lesson") and parts[i + 1][6:].isdigit():
            return parts[i + 1]
    return "backproplab"


def reload_catalogues() -> None:
    """Forget the loaded catalogues (after ``translate compile``, in the same process)."""
    _catalogues.clear()
