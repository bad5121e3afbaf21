"""training figures."""
__all__ = []
