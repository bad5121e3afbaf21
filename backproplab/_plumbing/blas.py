"""One BLAS thread for the lessons' tiny matrices, however Jupyter was started.

The lessons multiply matrices of a few dozen rows. OpenBLAS's threads cost more to start and to
synchronise than such a product takes, and on a 2-core laptop they fight the kernel and the browser
for the cores: the same training loop runs up to ten times slower with the default threads than with
one. ``OPENBLAS_NUM_THREADS=1`` fixes that only if it is set before numpy starts, which a student who
opens a lesson in their own JupyterLab, VS Code or Colab never does. So the package's training and
explorer code runs under :func:`one_blas_thread`, and a lesson's own numpy loops can ask for the same
with :func:`use_one_blas_thread`. Both use threadpoolctl, which changes the limit of the BLAS library
numpy has already loaded, at run time.
"""
from __future__ import annotations

import functools
from contextlib import contextmanager

__all__ = ["one_blas_thread", "use_one_blas_thread", "single_blas_thread"]

_controller = None
_session_limit = None


def _threadpools():
    # Created once, after numpy (and so its BLAS) is loaded: inspecting the loaded libraries is the
    # slow part of threadpoolctl (milliseconds); limiting through a controller then takes microseconds.
    global _controller
    if _controller is None:
        import numpy  # noqa: F401  (the BLAS to limit must be loaded first)
        from threadpoolctl import ThreadpoolController
        _controller = ThreadpoolController()
    return _controller


@contextmanager
def one_blas_thread():
    """Run the block with BLAS limited to one thread, then restore what it was::

        with bp.one_blas_thread():
            ...
    """
    with _threadpools().limit(limits=1, user_api="blas"):
        yield


def single_blas_thread(function):
    """Decorator: ``function`` runs under :func:`one_blas_thread`."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with one_blas_thread():
            return function(*args, **kwargs)
    return wrapper


def use_one_blas_thread() -> None:
    """Limit BLAS to one thread for the rest of the Python session (a lesson's first cell calls
    this, so that its own numpy loops run as fast as the package's). Calling it again does nothing."""
    global _session_limit
    if _session_limit is None:
        _session_limit = _threadpools().limit(limits=1, user_api="blas")
