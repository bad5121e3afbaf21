"""Hangul in figures, on a fresh install with no system fonts.

The package ships NanumGothic, regular and bold (``backproplab/fonts/NanumGothic.ttf``,
``NanumGothicBold.ttf``, © NHN Corporation, SIL Open Font Licence 1.1, ``backproplab/fonts/OFL.txt``, the
font files unmodified; the bold one for the figures' bold labels). When the package writes Korean
(:func:`backproplab.set_language`, or ``BACKPROPLAB_LANG``), :mod:`.i18n` calls :func:`use_language_font`
(matplotlib is imported then, not before): the font is registered with matplotlib and appended to
``rcParams["font.family"]`` as a **fallback**: every glyph the usual font has (Latin, ∂, −, η, σ, digits)
still comes from it (DejaVu Sans by default), only Hangul comes from NanumGothic. Mathtext has no
fallback, so figure text keeps Hangul outside ``$…$``. English leaves ``rcParams`` as it is.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager, ft2font


__all__ = ["HANGUL_FONT", "HANGUL_FONTS", "HANGUL_FAMILY", "use_language_font"]

HANGUL_FONT = Path(__file__).resolve().parents[1] / "fonts" / "NanumGothic.ttf"   # backproplab/fonts/
HANGUL_FONTS = (HANGUL_FONT, HANGUL_FONT.with_name("NanumGothicBold.ttf"))
HANGUL_FAMILY = "NanumGothic"
_registered = []


def use_language_font(code: str) -> None:
    """Make figures able to draw language ``code``: for Korean, register the shipped Hangul font and add it
    as the last fallback of ``font.family``; nothing for English."""
    if code != "ko":
        return
    if not _registered:
        # NanumGothic Bold declares weight 600 (semibold); figures ask for "bold" (700) and matplotlib would
        # warn at every bold label that it used 600 instead: register it as the family's 700.
        bold = font_manager.ttfFontProperty(ft2font.FT2Font(str(HANGUL_FONTS[1])))
        font_manager.fontManager.ttflist.append(dataclasses.replace(bold, weight=700))
        font_manager.fontManager.addfont(str(HANGUL_FONT))     # (adding a font also clears the lookup cache)
        _registered.extend(HANGUL_FONTS)
    families = mpl.rcParams["font.family"]
    families = [families] if isinstance(families, str) else list(families)
    if HANGUL_FAMILY not in families:
        mpl.rcParams["font.family"] = [*families, HANGUL_FAMILY]

