"""Repository-wide pytest hooks. nbval compares every stored output of the lessons, except a trace
carried as data in a step-through's display bundle (``StepTrace.MIME``): it holds every float of the
step to its last bit, which another BLAS kernel may round differently. What a student reads — the
widget's line of text and every printed number — is still compared."""
from backproplab.trace import StepTrace


def pytest_collectstart(collector):
    if hasattr(collector, "skip_compare"):                 # an nbval notebook
        collector.skip_compare = (*collector.skip_compare, StepTrace.MIME)
