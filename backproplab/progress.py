"""A progress bar for long training runs that leaves nothing behind in a saved notebook.

A cell that trains for seconds should show that it is working. ``progress="bar"`` (in
:meth:`backproplab.Network.fit` and the lessons' surveys) shows an ipywidgets progress bar,
``[██████      ] 36 000 / 60 000 epochs``, while a Jupyter kernel trains. When the run ends (or is
interrupted) the bar removes itself: its output is replaced by an empty one and the widget is
closed. So a saved notebook holds no trace of it, and nothing machine-dependent (no timing, no loss
digits) reaches the outputs nbval compares: the bar's output carries only a widget view, which
nbval skips, and ends empty. Outside a Jupyter kernel (a script, a test) ``"bar"`` shows nothing.
"""
from __future__ import annotations

from contextlib import contextmanager

from . import _checks

__all__ = ["ProgressBar", "epoch_progress", "PROGRESS_CHOICES"]

PROGRESS_CHOICES = (None, False, "bar")   # what epoch_progress accepts (fit also takes True: text)
_UPDATES = 100                            # the bar moves at most this many times per run
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _kernel_display():
    """IPython's ``display`` inside a Jupyter kernel (a front end may draw widgets), else ``None``."""
    try:
        from IPython import get_ipython
    except ImportError:                   # pragma: no cover  (IPython comes with ipywidgets)
        return None
    shell = get_ipython()
    if shell is None or getattr(shell, "kernel", None) is None:
        return None
    from IPython.display import display
    return display


class ProgressBar:
    """A bar from 0 to ``total`` epochs, shown while it is open.

    ``advance(done)`` after each epoch moves it (the widget is updated at most 100 times per run,
    so a call costs one comparison); ``close()`` removes it. ``display``: a function like
    IPython's ``display`` (``display(bundle, raw=True, display_id=True)`` returning a handle with
    ``update(bundle, raw=True)``); by default IPython's inside a Jupyter kernel, and no bar at all
    elsewhere (``shown`` is then ``False``).
    """

    def __init__(self, total, what="epochs", display=None):
        self.total = _checks.integer("total", total, low=1)
        self._every = max(1, self.total // _UPDATES)
        self._next = self._every
        self._handle = self._widget = None
        show = _kernel_display() if display is None else display
        if show is None:
            return
        import ipywidgets
        self._what = what
        self._bar = ipywidgets.IntProgress(value=0, min=0, max=self.total, bar_style="info",
                                           layout=ipywidgets.Layout(width="320px"))
        self._label = ipywidgets.Label(self._text(0))
        self._widget = ipywidgets.HBox([self._bar, self._label])
        # only the widget view: no text/plain fallback, which nbval would compare
        view = {"version_major": 2, "version_minor": 0, "model_id": self._widget.model_id}
        self._handle = show({WIDGET_VIEW: view}, raw=True, display_id=True)

    @property
    def shown(self) -> bool:
        return self._widget is not None

    def _text(self, done):
        return f"{done:,} / {self.total:,} {self._what}".replace(",", " ")

    def advance(self, done) -> None:
        """``done`` epochs of ``total`` are finished."""
        if done >= self._next and self._widget is not None:
            self._next = done - done % self._every + self._every
            self._bar.value = min(done, self.total)
            self._label.value = self._text(min(done, self.total))

    def close(self) -> None:
        """Remove the bar: its output becomes empty and the widgets are closed. Idempotent."""
        if self._widget is None:
            return
        self._handle.update({}, raw=True)
        for widget in (self._bar, self._label, self._widget):
            widget.close()
        self._widget = None


def _nothing(done):
    pass


@contextmanager
def epoch_progress(total, progress, what="epochs", display=None):
    """``with epoch_progress(epochs, progress) as advance:`` … ``advance(e + 1)`` after epoch ``e``.

    ``progress="bar"``: a :class:`ProgressBar`, removed when the block ends (also on an error or
    Ctrl-C); ``None`` or ``False``: ``advance`` does nothing."""
    if progress is None or progress is False:
        yield _nothing
        return
    if progress != "bar":
        raise ValueError(f"progress must be None, False or 'bar' (a progress bar in Jupyter), got {progress!r:.40}")
    bar = ProgressBar(total, what, display)
    try:
        yield bar.advance
    finally:
        bar.close()
