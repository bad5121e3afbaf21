"""Network.load's bounds under hostile files (issue 37): special files refused at once, huge
archives refused from their headers with bounded memory, and one copy of each array.

The loads that could hang or eat memory run in a subprocess: a watchdog (``WATCHDOG_S``) catches
a hang, an address-space cap keeps a regression from taking the machine, and the subprocess
reports its peak resident memory over its baseline after imports (``ru_maxrss``), which must
stay under ``EXTRA_RSS_MB``.
"""
import json
import math
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tracemalloc
import zipfile

import numpy as np
import pytest
from numpy.lib import format as npy_format

from backproplab import Network, persistence

resource = pytest.importorskip("resource")          # POSIX only, like named pipes and /dev/zero

ROOT = pathlib.Path(__file__).resolve().parents[2]
WATCHDOG_S = 10              # a refused file is refused in well under a second
EXTRA_RSS_MB = 100           # a refused 10**8-number archive would inflate 800 MB (1.6 GB for float128)
ADDRESS_CAP = 2 * 2**30      # the subprocess's address space: a regression fails instead of swapping
BIG = (10_000, 10_000)       # 10**8 numbers, MAX_PARAMETERS

CHILD = """
import json, resource, sys, time
import backproplab.persistence as persistence
from backproplab import Network
{setup}
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    Network.load(sys.argv[1])
    out = {{"error": None, "message": ""}}
except BaseException as exc:
    out = {{"error": type(exc).__name__, "message": str(exc)}}
out["seconds"] = time.perf_counter() - start
out["extra_mb"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024
print(json.dumps(out))
"""


def _cap_memory():
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_CAP, ADDRESS_CAP))


def _load_in_child(path, setup=""):
    """What ``Network.load(path)`` did in a fresh subprocess: error, message, seconds, extra_mb."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OPENBLAS_NUM_THREADS": "1"}
    try:
        done = subprocess.run([sys.executable, "-c", CHILD.format(setup=setup), str(path)], env=env,
                              capture_output=True, text=True, timeout=WATCHDOG_S, preexec_fn=_cap_memory)
    except subprocess.TimeoutExpired:
        pytest.fail(f"Network.load({path}) still running after {WATCHDOG_S} s (it hangs)")
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _names(sizes):
    return [[f"n{k}_{j}" for j in range(size)] for k, size in enumerate(sizes)]


def _meta(sizes, bias=False):
    """Settings for a sigmoid network of layer ``sizes``, as Network.save writes them."""
    return {"version": persistence.FORMAT_VERSION, "activations": ["sigmoid"] * (len(sizes) - 1),
            "loss": "half_sse", "dropout": 0.0, "bias": bias, "names": _names(sizes),
            "rng_state": np.random.default_rng(0).bit_generator.state}


def _add(path, name, array):
    """Append member ``name`` (an array, saved as .npy) to the archive ``path``."""
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z, z.open(name + ".npy", "w") as f:
        np.save(f, array)


def _zeros_archive(path, shape, dtype, level):
    """An archive whose one member W0 is ``shape`` zeros of ``dtype``, written a chunk at a time
    (the array is never in memory); deflated zeros shrink about a thousandfold."""
    dtype = np.dtype(dtype)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z, \
            z.open("W0.npy", "w", force_zip64=True) as f:
        npy_format.write_array_header_1_0(f, {"descr": npy_format.dtype_to_descr(dtype),
                                              "fortran_order": False, "shape": shape})
        left, chunk = math.prod(shape) * dtype.itemsize, memoryview(bytes(1 << 22))
        while left:
            f.write(chunk[:min(left, len(chunk))])
            left -= min(left, len(chunk))
    return path


def _variant(base, path, meta=None, extra=()):
    """A copy of the archive ``base`` with the settings ``meta`` and arrays ``extra`` appended."""
    shutil.copyfile(base, path)
    for name, array in extra:
        _add(path, name, array)
    if meta is not None:
        _add(path, "meta", np.array(json.dumps(meta)))
    return path


# ------------------------------------------------------------------ special files

def _fifo(tmp_path):
    path = tmp_path / "pipe.npz"
    os.mkfifo(path)
    return path


def _link(target):
    def make(tmp_path):
        if not os.path.exists(target):
            pytest.skip(f"no {target} here")
        path = tmp_path / "link.npz"
        path.symlink_to(target)
        return path
    return make


def _folder(tmp_path):
    path = tmp_path / "folder.npz"
    path.mkdir()
    return path


def _folder_link(tmp_path):
    path = tmp_path / "folder_link.npz"
    path.symlink_to(_folder(tmp_path))
    return path


SPECIAL = {"named pipe": (_fifo, "a named pipe"), "/dev/zero": (_link("/dev/zero"), "a character device"),
           "/dev/urandom": (_link("/dev/urandom"), "a character device"),
           "directory": (_folder, "a directory"), "symlink to a directory": (_folder_link, "a directory")}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and devices are POSIX")
@pytest.mark.parametrize("kind", sorted(SPECIAL))
def test_special_file_is_refused_at_once(tmp_path, kind):
    make, what = SPECIAL[kind]
    path = make(tmp_path)
    out = _load_in_child(path)
    assert out["error"] == "ValueError", out
    assert out["message"] == (f"{path}: not a regular file but {what}; a network is read only from a "
                              "regular file (nothing was read)")
    assert out["seconds"] < 2 and out["extra_mb"] < EXTRA_RSS_MB


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_special_file_found_through_the_suffix_is_refused(tmp_path):
    os.mkfifo(tmp_path / "model.npz")
    out = _load_in_child(tmp_path / "model")
    assert out["error"] == "ValueError" and "model.npz: not a regular file but a named pipe" in out["message"]


def test_symlink_to_a_regular_file_is_followed(tmp_path):
    net = Network([3, 2, 1], seed=3)
    net.save(tmp_path / "real.npz")
    (tmp_path / "link.npz").symlink_to(tmp_path / "real.npz")
    back = Network.load(tmp_path / "link")
    for a, b in zip(net.weights + net.biases, back.weights + back.biases):
        np.testing.assert_array_equal(a, b)


# ------------------------------------------------------------------ huge archives, from their headers

@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """Archives of 10**8 zeros: ``f128`` (1.6 GB inflated, a few MB on disk), ``f64`` (800 MB,
    0.8 MB on disk); each holds only W0, the tests append settings and arrays to a copy."""
    folder = tmp_path_factory.mktemp("big")
    if np.dtype(np.longdouble).itemsize <= 8:
        f128 = None                  # no float wider than float64 on this platform
    else:
        f128 = _zeros_archive(folder / "f128.npz", BIG, np.longdouble, level=1)
    f64 = _zeros_archive(folder / "f64.npz", BIG, np.float64, level=6)
    assert f64.stat().st_size < 1_000_000
    return {"f128": f128, "f64": f64}


def _refused(out, pattern):
    assert out["error"] == "ValueError", out
    assert re.search(pattern, out["message"]), out["message"]
    assert out["extra_mb"] < EXTRA_RSS_MB, out


def test_float128_archive_without_settings(big, tmp_path):
    if big["f128"] is None:
        pytest.skip("no float128 here")
    out = _load_in_child(big["f128"])
    _refused(out, r"f128.npz: no backproplab settings")


def test_float128_archive_is_refused_from_its_header(big, tmp_path):
    if big["f128"] is None:
        pytest.skip("no float128 here")
    path = _variant(big["f128"], tmp_path / "wide.npz", meta=_meta(BIG))
    out = _load_in_child(path)
    _refused(out, r"wide.npz: array 'W0': its header claims float128 numbers of 16 bytes each, wider "
                  r"than the 8 bytes of float64 .*nothing was decompressed")


def test_shapes_that_contradict_the_settings_are_refused_from_the_header(big, tmp_path):
    path = _variant(big["f64"], tmp_path / "liar.npz", meta=_meta([3, 2, 1], bias=True),
                    extra=[("W1", np.zeros((2, 1))), ("b0", np.zeros(2)), ("b1", np.zeros(1))])
    out = _load_in_child(path)
    _refused(out, r"liar.npz: array 'W0': its header claims shape \(10000, 10000\) \(1e\+08 numbers\), "
                  r"but the settings imply shape \(3, 2\); nothing was decompressed")


def test_settings_over_the_number_budget_are_refused_before_any_array(big, tmp_path):
    """The issue's case: 10**8 float64 zeros, then one more array over the budget."""
    path = _variant(big["f64"], tmp_path / "over.npz", meta=_meta([10_000, 10_000, 1]),
                    extra=[("W1", np.zeros((10_000, 1)))])
    out = _load_in_child(path)
    _refused(out, r"over.npz: the settings describe a network of 100010000 numbers \(layer sizes \[10000, 10000, 1\]\), "
                  r"more than the 100000000 allowed; nothing was decompressed")


def test_headers_over_the_byte_budget_are_refused_before_any_data(big, tmp_path):
    path = _variant(big["f64"], tmp_path / "heavy.npz", meta=_meta(BIG))
    out = _load_in_child(path, setup="persistence.MAX_FILE_BYTES = 10**8")
    _refused(out, r"heavy.npz: array 'W0': its header claims shape \(10000, 10000\) of float64 "
                  r"\(800000000 bytes\), which brings the arrays to 800000000 bytes, more than the 100000000 "
                  r"allowed \(MAX_FILE_BYTES\); nothing was decompressed")


def test_byte_budget_counts_bytes_not_numbers(tmp_path, monkeypatch):
    """float32 arrays within a budget that their float64 twins exceed load; the budget is
    counted over every array, not per array."""
    net = Network([30, 20, 1], seed=0)
    path = tmp_path / "narrow.npz"
    persistence.write(path, {"activations": ["sigmoid"] * 2, "loss": "half_sse", "dropout": 0.0,
                             "bias": False, "names": net.names, "rng_state": np.random.default_rng(0).bit_generator.state},
                      [w.astype(np.float32) for w in net.weights], None)
    monkeypatch.setattr(persistence, "MAX_FILE_BYTES", 4 * (600 + 20))
    Network.load(path)
    monkeypatch.setattr(persistence, "MAX_FILE_BYTES", 4 * (600 + 20) - 1)
    with pytest.raises(ValueError, match=r"narrow.npz: array 'W1'.*brings the arrays to 2480 bytes, "
                                         r"more than the 2479 allowed \(MAX_FILE_BYTES\)"):
        Network.load(path)


# ------------------------------------------------------------------ one copy of each array

def _wide_network_saved(path) -> int:
    """Save a network whose W0 is 40 MB of float64; its arrays' size in bytes."""
    net = Network([2500, 2000, 1], bias=False, seed=0)
    net.save(path)
    return sum(w.nbytes for w in net.weights)


def _with_peak_memory(run):
    """``(run(), the peak of Python's allocations while it ran)``, by tracemalloc."""
    tracemalloc.start()
    try:
        result = run()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_an_array_is_read_into_one_preallocated_copy(tmp_path):
    """persistence.read holds each array once: its peak memory is the arrays' size, not twice it
    (reading the member's bytes, then copying them, held 2x)."""
    size = _wide_network_saved(tmp_path / "wide.npz")
    (_, weights, _, _), peak = _with_peak_memory(lambda: persistence.read(tmp_path / "wide.npz", max_values=10**8))
    assert sum(w.nbytes for w in weights) == size
    assert peak < 1.1 * size, (peak, size)


def test_a_loaded_network_is_held_once(tmp_path):
    """Network.load adopts the arrays it read (from_weights(copy=False)): no second copy of a member
    at any moment, so the peak stays near the network's size (it was 2x with from_weights' copy)."""
    size = _wide_network_saved(tmp_path / "wide.npz")
    loaded, peak = _with_peak_memory(lambda: Network.load(tmp_path / "wide.npz"))
    assert sum(w.nbytes for w in loaded.weights) == size
    assert peak < 1.2 * size, (peak, size)


def test_from_weights_copies_unless_told_not_to():
    w = [np.ones((2, 3)), np.ones((3, 1))]
    assert all(a is not b for a, b in zip(Network.from_weights(w).weights, w))
    assert all(a is b for a, b in zip(Network.from_weights(w, copy=False).weights, w))
    with pytest.raises(TypeError, match="copy must be True or False"):
        Network.from_weights(w, copy="no")
