"""A real Ctrl-C (SIGINT) at any moment of ``fit`` — its first milliseconds (argument checks,
first-call imports, the initial snapshot), an epoch, a snapshot being appended, the final copy —
returns the History so far, ``interrupted`` set, its snapshot lists of one length, and leaves the
network holding exactly the weights a replay of ``len(history.loss)`` epochs gives (unchanged
before the first epoch); ``train_step`` commits every layer or none.

A KeyboardInterrupt raised in the *caller's* frame (the signal came before ``fit`` was entered or
after it returned: the test's own lines) is not fit's to catch; the one place inside the package
it may still appear is the first instruction of fit's outermost wrapper (the function's entry,
where Python runs a signal that arrived during the call itself, before any of fit's code). Both are
counted and must stay rare; any other escape fails.

Cases: 40 subprocess trials (8 fresh processes x 5 fits, so each process's first fit meets
first-call set-up), 300 in-process timer trials of fit, 200 of train_step.
"""
import json
import os
import signal
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path

import numpy as np
import pytest

import backproplab as bp
from backproplab import training

ROOT = Path(bp.__file__).resolve().parents[1]

@pytest.fixture(autouse=True)
def python_ctrl_c():
    """SIGINT handled as Python does by default (raise KeyboardInterrupt), whatever the test run
    inherited (a background job, or CI started with `&`, has it ignored), and put back afterwards."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


# One process runs several fits; the parent sends one SIGINT per fit at a chosen delay after the
# child says "ready", then reads the child's verdict (a JSON line).
CHILD = r'''
import json, signal, sys, traceback
signal.signal(signal.SIGINT, signal.default_int_handler)   # a Ctrl-C as in a terminal, whatever we inherited
import numpy as np
import backproplab as bp

def params(net):
    return [w.copy() for w in net.weights] + [b.copy() for b in net.biases]

def same(a, b):
    return len(a) == len(b) and all(np.array_equal(x, y) for x, y in zip(a, b))

def check(history, net, start, kw):
    lists = (len(history.snapshot_epochs), len(history.weights), len(history.biases))
    done = len(history.loss)
    verdict = {"done": done, "lists": lists, "interrupted": history.interrupted,
               "diverged": history.diverged is not None}
    if done == 0:
        verdict["replayed"] = same(params(net), start)
        return verdict
    replay = bp.Network(SIZES, seed=0)
    again = replay.fit(X, Y, epochs=done, **kw)
    verdict["replayed"] = (same(params(net), params(replay)) and np.array_equal(history.loss, again.loss)
                           and history.snapshot_epochs == again.snapshot_epochs
                           and all(same(a, b) for a, b in zip(history.weights, again.weights))
                           and all(same(a, b) for a, b in zip(history.biases, again.biases)))
    return verdict

SIZES = [400, 800, 1]
rng = np.random.default_rng(0)
X, Y = rng.standard_normal((32, SIZES[0])), rng.random((32, 1))
for kw in json.loads(sys.argv[1]):
    net = bp.Network(SIZES, seed=0)
    start = params(net)
    try:
        sys.stdout.write("ready\n")        # (a SIGINT can arrive before fit starts: see the parent)
        sys.stdout.flush()
        history = net.fit(X, Y, epochs=10**6, **kw)     # never ends by itself: the SIGINT ends it
    except KeyboardInterrupt as exc:
        frames = [(f.filename, f.lineno, f.name) for f in traceback.extract_tb(exc.__traceback__)]
        verdict = {"escaped": frames[1:], "unchanged": same(params(net), start)}
    else:
        verdict = check(history, net, start, kw)
    sys.stdout.write(json.dumps(verdict) + "\n")
    sys.stdout.flush()
'''


def _fit_entry():
    """(file, line) of fit's outermost wrapper's first line (its ``def``): see the module docstring."""
    code = bp.Network.fit.__code__
    return code.co_filename, code.co_firstlineno


def _tolerated_escape(frames):
    """Whether a KeyboardInterrupt that escaped came from outside fit or at its entry."""
    inside = [f for f in frames if f[0].startswith(str(ROOT / "backproplab"))]
    return not inside or (len(inside) == 1 and (inside[0][0], inside[0][1]) == _fit_entry())


class _Lines:
    """Lines of a child's stdout, each awaited at most ``timeout`` seconds (a watchdog for hangs)."""

    def __init__(self, proc, timeout=30.0):
        self.fd, self.buffer, self.timeout = proc.stdout.fileno(), b"", timeout

    def next(self):
        deadline = time.monotonic() + self.timeout
        while b"\n" not in self.buffer:
            import select
            ready, _, _ = select.select([self.fd], [], [], max(0.0, deadline - time.monotonic()))
            chunk = os.read(self.fd, 65536) if ready else b""
            if not chunk:
                raise AssertionError(f"the child said nothing for {self.timeout} s (or ended)")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode()


def _fit_settings(rng, k):
    """The fits a child runs: full batch and mini-batch, with and without snapshots; a process's
    first fit asks for the progress bar (its first call imports IPython) and snapshots."""
    lr = 0.001
    choices = [dict(lr=lr, record_every=1), dict(lr=lr), dict(lr=lr, batch_size=16, momentum=0.5, record_every=2),
               dict(lr=lr, record_every=3, momentum=0.9), dict(lr=lr, batch_size=8, shuffle=False, record_every=1)]
    first = [dict(lr=lr, record_every=1, progress="bar") if k % 2 else dict(lr=lr, record_every=1, batch_size=16)]
    return first + [choices[i] for i in rng.integers(0, len(choices), 4)]


def _delays(rng, n):
    """Seconds after "ready": the first fit of a process within its first 5 ms (first-call set-up,
    the initial snapshot), the others half within 5 ms and half over the first 300 ms (long enough for
    later epochs to be reached also on a loaded machine, where the child may wait for a core)."""
    early = rng.uniform(0.0, 0.005, n)
    late = rng.uniform(0.0, 0.3, n)
    return [early[i] if i == 0 or rng.random() < 0.5 else late[i] for i in range(n)]


def test_real_sigint_at_random_moments_of_fit_in_a_subprocess(tmp_path):
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT), OPENBLAS_NUM_THREADS="1", PYTHONWARNINGS="default")
    rng = np.random.default_rng(37)
    verdicts, tolerated, began = [], [], time.monotonic()
    for k in range(8):
        settings = _fit_settings(rng, k)
        proc = subprocess.Popen([sys.executable, str(script), json.dumps(settings)], cwd=tmp_path, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        lines = _Lines(proc)
        try:
            for kw, delay in zip(settings, _delays(rng, len(settings))):
                assert lines.next() == "ready"
                time.sleep(delay)
                proc.send_signal(signal.SIGINT)
                verdict = json.loads(lines.next())
                verdict.update(kw=kw, delay_ms=round(delay * 1e3, 2))
                (tolerated if "escaped" in verdict and _tolerated_escape(verdict["escaped"]) else verdicts).append(verdict)
            _, err = proc.communicate(timeout=30)
        except AssertionError:
            proc.kill()
            raise AssertionError(f"child's stderr: {proc.communicate()[1].decode()[-3000:]}") from None
        finally:
            proc.kill()
            proc.wait()
        assert proc.returncode == 0 and err.decode() == "", err.decode()      # no traceback, no warning
    bad = [v for v in verdicts if "escaped" in v or not (v["interrupted"] and not v["diverged"] and v["replayed"]
                                                         and len(set(v["lists"])) == 1)]
    assert not bad, json.dumps(bad)
    assert len(tolerated) <= 2, tolerated
    assert all(v["unchanged"] for v in tolerated)
    assert sum(v["done"] == 0 for v in verdicts) >= 5          # the first moments were reached ...
    assert sum(v["done"] >= 5 for v in verdicts) >= 5          # ... and so were later epochs
    assert time.monotonic() - began < 90


def _sigint_after(delay):
    """A timer to start (inside the ``try``: with a tiny delay it fires before ``start`` returns)."""
    return threading.Timer(delay, os.kill, (os.getpid(), signal.SIGINT))


def _params(net):
    return [w.copy() for w in net.weights] + [b.copy() for b in net.biases]


def _same(a, b):
    return len(a) == len(b) and all(np.array_equal(x, y) for x, y in zip(a, b))


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(), reason="signals need the main thread")
def test_timer_driven_sigint_in_process_leaves_fit_consistent():
    rng = np.random.default_rng(3)
    X, Y = rng.standard_normal((16, 20)), rng.random((16, 1))
    settings = [dict(lr=0.01, record_every=1), dict(lr=0.01, batch_size=4, record_every=2),
                dict(lr=0.01, momentum=0.9, record_every=3)]
    escapes, interrupted_at = [], []
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    for trial in range(300):
        kw = settings[trial % 3]
        net = bp.Network([20, 50, 1], seed=0)
        start = _params(net)
        # half within fit's first half millisecond (its set-up), half over its first 4 ms
        timer = _sigint_after(rng.uniform(0.0, 0.0005 if trial % 2 else 0.004))
        try:
            timer.start()
            history = net.fit(X, Y, epochs=10**6, **kw)
        except KeyboardInterrupt as exc:
            frames = [(f.filename, f.lineno, f.name) for f in traceback.extract_tb(exc.__traceback__)]
            assert _tolerated_escape(frames[1:]), "".join(traceback.format_exception(exc))
            escapes.append(trial)
            continue
        finally:
            timer.join()
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
        done = len(history.loss)
        interrupted_at.append(done)
        assert history.interrupted and history.diverged is None
        assert len(history.snapshot_epochs) == len(history.weights) == len(history.biases)
        if done == 0:
            assert _same(_params(net), start)
            continue
        replay = bp.Network([20, 50, 1], seed=0)
        again = replay.fit(X, Y, epochs=done, **kw)
        assert _same(_params(net), _params(replay)) and np.array_equal(history.loss, again.loss)
        assert history.snapshot_epochs == again.snapshot_epochs
        assert all(_same(a, b) for a, b in zip(history.weights, again.weights))
    # An escape is a SIGINT that lands before fit is entered (tolerated above: nothing was changed yet). How
    # many do depends on the machine's load (at load 9 on 2 cores, 112 of 300; on a quiet one, under 6), so
    # the test asks only that most land inside fit, where consistency is what it checks.
    assert len(interrupted_at) >= 150, f"only {len(interrupted_at)} of 300 interrupts landed inside fit"
    assert min(interrupted_at) == 0 and max(interrupted_at) >= 20


class _Stop(Exception):
    pass


def _commit_window(net, X, Y, monkeypatch):
    """Seconds from the start of ``train_step`` to the start and the end of its copy into the
    network (the median of 5 steps, each cut short right after the copy: no trace built)."""
    real, marks = training.commit, []

    def timed(*args):
        marks.append(time.perf_counter() - began)
        real(*args)
        marks.append(time.perf_counter() - began)
        raise _Stop
    monkeypatch.setattr(training, "commit", timed)
    for _ in range(6):
        began = time.perf_counter()
        with pytest.raises(_Stop):
            net.train_step(X, Y, lr=1e-4)
    monkeypatch.setattr(training, "commit", real)
    return float(np.median(marks[2::2])), float(np.median(marks[3::2]))      # (the first step warms up)


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(), reason="signals need the main thread")
def test_timer_driven_sigint_in_train_step_commits_every_layer_or_none(monkeypatch):
    rng = np.random.default_rng(5)
    X, Y = rng.standard_normal((16, 1000)), rng.random((16, 1))
    net = bp.Network([1000, 1000, 1], seed=0)       # an 8 MB weight matrix: its copy takes ~1 ms
    enter, leave = _commit_window(net, X, Y, monkeypatch)
    outcomes = {"none": 0, "all": 0}
    for trial in range(200):
        before = _params(net)
        # signals anywhere in the step up to just after its copy into the network, and (every
        # other trial) around that copy; the trace built after it takes seconds, so the signal
        # always lands inside this one step (or, rarely, just before it)
        low = max(0.0, enter - 0.001) if trial % 2 else 0.0
        timer = _sigint_after(rng.uniform(low, leave + 0.001))
        try:
            timer.start()
            net.train_step(X, Y, lr=1e-4)
        except KeyboardInterrupt:
            pass
        finally:
            timer.join()
        changed = [not np.array_equal(p, b) for p, b in zip(_params(net), before)]
        assert all(changed) or not any(changed), changed
        outcomes["all" if all(changed) else "none"] += 1
    assert outcomes["all"] >= 10 and outcomes["none"] >= 10, outcomes      # both were reached


def test_fit_from_another_thread_still_works_and_leaves_the_handler_alone():
    X, Y = bp.datasets.xor()
    net, results = bp.Network([3, 4, 1], seed=0), []
    worker = threading.Thread(target=lambda: results.append(net.fit(X, Y, epochs=50, lr=1.0, record_every=10)))
    worker.start()
    worker.join()
    history = results[0]
    assert len(history.loss) == 50 and not history.interrupted and history.snapshot_epochs == [0, 10, 20, 30, 40, 50]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    replay = bp.Network([3, 4, 1], seed=0)
    replay.fit(X, Y, epochs=50, lr=1.0)
    assert _same(_params(net), _params(replay))


def test_a_ctrl_c_held_back_in_the_set_up_ends_fit_before_its_first_epoch(monkeypatch):
    """The argument checks run with Ctrl-C held back: one arriving there gives an empty History."""
    X, Y = bp.datasets.xor()
    net = bp.Network([3, 4, 1], seed=0)
    start = _params(net)
    real = net.validate

    def validate_then_ctrl_c(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)            # delivered at once: held back by fit
        return real(*args, **kwargs)
    monkeypatch.setattr(net, "validate", validate_then_ctrl_c)
    history = net.fit(X, Y, epochs=100, lr=1.0, record_every=1)
    assert history.interrupted and len(history.loss) == 0
    assert history.snapshot_epochs == [0] and len(history.weights) == len(history.biases) == 1
    assert _same(_params(net), start)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_ctrl_c_after_the_last_epoch_is_reported_not_raised(monkeypatch):
    X, Y = bp.datasets.xor()
    net = bp.Network([3, 4, 1], seed=0)
    real = training.commit

    def commit_then_ctrl_c(*args):                      # the final copy into the network, then Ctrl-C
        real(*args)
        os.kill(os.getpid(), signal.SIGINT)
    monkeypatch.setattr(training, "commit", commit_then_ctrl_c)
    history = net.fit(X, Y, epochs=30, lr=1.0, record_every=10)
    assert history.interrupted and len(history.loss) == 30 and history.snapshot_epochs == [0, 10, 20, 30]
    replay = bp.Network([3, 4, 1], seed=0)
    monkeypatch.setattr(training, "commit", real)
    replay.fit(X, Y, epochs=30, lr=1.0)
    assert _same(_params(net), _params(replay))


def test_a_ctrl_c_while_a_snapshot_is_appended_waits_for_all_three_lists(monkeypatch):
    """A Ctrl-C between the appends (here: forced by the first of them) comes after the third."""
    history = training.History(np.empty(0))
    guard = training.CtrlC()
    guard.held = False

    class Appending(list):
        def append(self, item):
            super().append(item)
            guard._handle(signal.SIGINT, None)          # as if SIGINT came right now
    guard.previous = signal.default_int_handler
    history.snapshot_epochs = Appending()
    with pytest.raises(KeyboardInterrupt):
        training.snapshot(history, 3, [np.ones(2)], [np.zeros(1)], guard)
    assert list(history.snapshot_epochs) == [3] and len(history.weights) == len(history.biases) == 1
