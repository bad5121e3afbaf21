"""Dropout and regularisation figures (lesson 4)."""
__all__ = []
