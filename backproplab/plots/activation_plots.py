"""activation_plots figures."""
__all__ = []
