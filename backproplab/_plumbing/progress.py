"""A progress bar for long training runs that leaves nothing behind in a saved notebook.

A cell that trains for seconds should show that it is working. ``progress="bar"`` (in
:meth:`backproplab.Network.fit` and the lessons' surveys) shows an ipywidgets progress bar,
``[██████      ] 36 000 / 60 000 epochs``, while a Jupyter kernel trains, once the run has lasted
half a second. When the run ends (or is interrupted) the bar removes itself: its output is emptied
and the widgets are closed. So a saved notebook holds only an empty output where the bar was, and
nothing machine-dependent (no timing, no loss digits) reaches the outputs nbval compares: the bar's
output is empty or carries only a widget view, which nbval skips. Outside a Jupyter kernel (a
script, a test) ``"bar"`` shows nothing.
"""
from __future__ import annotations

import time
from contextlib import contextmanager

from . import checks as _checks
from .i18n import mark, tr

__all__ = ["ProgressBar", "epoch_progress", "PROGRESS_CHOICES"]

# what the bar counts by default, in the package's language at display. Babel skips folders whose name
# starts with "_": the message is extracted from training.py's call, which names it too.
EPOCHS = mark("epochs")
PROGRESS_CHOICES = (None, False, "bar")   # what epoch_progress accepts (fit also takes True: text)
_UPDATES = 100                            # the bar moves at most this many times per run
DELAY = 0.5                               # seconds a run lasts before its bar appears
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
    """A bar from 0 to ``total`` epochs for a run that lasts longer than ``delay`` seconds.

    The bar's place is an empty display output from the start (so a cell's outputs have the same
    structure however fast the machine is); the bar appears in it once the run has lasted ``delay``
    seconds (default :data:`DELAY`, half a second), so short runs show nothing. ``advance(done)`` after each epoch moves it (the widget is
    updated at most 100 times per run, so most calls cost one comparison); ``close()`` empties the
    output again and closes the widgets. ``display``: a function like IPython's ``display``
    (``display(bundle, raw=True, display_id=True)`` returning a handle with
    ``update(bundle, raw=True)``); by default IPython's inside a Jupyter kernel, and nothing at all
    elsewhere.
    """

    def __init__(self, total, what=EPOCHS, display=None, delay=None):
        self.total = _checks.integer("total", total, low=1)
        self.delay = DELAY if delay is None else _checks.real("delay", delay, low=0.0)
        self._what = what
        self._every = max(1, self.total // _UPDATES)
        self._next = self._every
        self._widget = None
        show = _kernel_display() if display is None else display
        # an empty output, filled by the bar later: nothing for nbval to compare, ever
        self._handle = None if show is None else show({}, raw=True, display_id=True)
        self._start = time.perf_counter()

    @property
    def shown(self) -> bool:
        """Whether the bar is on screen now."""
        return self._widget is not None

    def _text(self, done):
        return f"{done:,} / {self.total:,} {tr(self._what)}".replace(",", " ")

    def _show_widget(self):
        import ipywidgets
        self._bar = ipywidgets.IntProgress(value=0, min=0, max=self.total, bar_style="info",
                                           layout=ipywidgets.Layout(width="320px"))
        self._label = ipywidgets.Label(self._text(0))
        self._widget = ipywidgets.HBox([self._bar, self._label])
        # only the widget view: no text/plain fallback, which nbval would compare
        view = {"version_major": 2, "version_minor": 0, "model_id": self._widget.model_id}
        self._handle.update({WIDGET_VIEW: view}, raw=True)

    def advance(self, done) -> None:
        """``done`` epochs of ``total`` are finished."""
        if done < self._next or self._handle is None:
            return
        self._next = done - done % self._every + self._every
        if self._widget is None:
            if time.perf_counter() - self._start < self.delay:
                return
            self._show_widget()
        self._bar.value = min(done, self.total)
        self._label.value = self._text(min(done, self.total))

    def close(self) -> None:
        """Remove the bar: its output becomes empty and the widgets are closed. Idempotent."""
        if self._widget is not None:
            self._handle.update({}, raw=True)
            for widget in (self._bar, self._label, self._widget):
                widget.close()
            self._widget = None
        self._handle = None


def _nothing(done):
    pass


@contextmanager
def epoch_progress(total, progress, what=EPOCHS, display=None, delay=None):
    """``with epoch_progress(epochs, progress) as advance:`` … ``advance(e + 1)`` after epoch ``e``.

    ``progress="bar"``: a :class:`ProgressBar`, removed when the block ends (also on an error or
    Ctrl-C); ``None`` or ``False``: ``advance`` does nothing."""
    if progress is None or progress is False:
        yield _nothing
        return
    if progress != "bar":
        raise ValueError(f"progress must be None, False or 'bar' (a progress bar in Jupyter), got {progress!r:.40}")
    bar = ProgressBar(total, what, display, delay)
    try:
        yield bar.advance
    finally:
        bar.close()
