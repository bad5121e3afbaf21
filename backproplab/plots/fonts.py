"""Hangul in figures: the shipped NanumGothic as a fallback font once the package writes Korean.

The set-up runs by itself when the language is chosen (:func:`backproplab.set_language` or
``BACKPROPLAB_LANG``); it lives in :mod:`backproplab._plumbing.figure_font`, shown here by name.
"""
from .._plumbing.figure_font import HANGUL_FAMILY, HANGUL_FONT, HANGUL_FONTS, use_language_font

__all__ = ["HANGUL_FONT", "HANGUL_FONTS", "HANGUL_FAMILY", "use_language_font"]
