"""network_diagram figures."""
__all__ = []
