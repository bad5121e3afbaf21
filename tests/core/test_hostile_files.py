"""Network.load on hostile or broken files: one ValueError naming the file, nothing executed,
memory bounded."""
import io
import json
import pickle
import tracemalloc
import zipfile

import numpy as np
import pytest

import backproplab.network as network
from backproplab import Network


def _good(tmp_path):
    path = tmp_path / "good.npz"
    Network([3, 2, 1], seed=0).save(path)
    return path


def _rewrite(src, dst, meta=None, drop=(), extra=None):
    """Copy the archive ``src`` to ``dst`` with the settings replaced and members dropped/added."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            name = info.filename[:-4]
            if name in drop:
                continue
            if name == "meta" and meta is not None:
                buf = io.BytesIO()
                np.save(buf, np.array(meta if isinstance(meta, str) else json.dumps(meta)))
                zout.writestr(info.filename, buf.getvalue())
            else:
                zout.writestr(info.filename, zin.read(info))
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
    return dst


def _meta(path):
    with np.load(path) as data:
        return json.loads(str(data["meta"]))


class Payload:
    def __reduce__(self):
        return (open, ("PWNED", "w"))


def test_pickle_payload_is_never_executed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    buf = io.BytesIO()
    np.save(buf, np.array([Payload()], dtype=object), allow_pickle=True)
    path = _rewrite(_good(tmp_path), tmp_path / "evil.npz", extra={"W9.npy": buf.getvalue()})
    with pytest.raises(ValueError, match=r"evil.npz.*'W9'.*Python objects.*allow_pickle=False"):
        Network.load(path)
    assert not (tmp_path / "PWNED").exists()


def test_zip_bomb_is_refused_from_its_header(tmp_path, monkeypatch):
    monkeypatch.setattr(network, "MAX_PARAMETERS", 10**6)
    buf = io.BytesIO()
    np.save(buf, np.zeros((2000, 1000)))                      # 16 MB of zeros, 2e6 numbers
    path = tmp_path / "bomb.npz"
    with zipfile.ZipFile(_good(tmp_path)) as good, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("meta.npy", good.read("meta.npy"))          # the settings are read first
        z.writestr("W0.npy", buf.getvalue())
    del buf
    assert path.stat().st_size < 100_000
    tracemalloc.start()
    with pytest.raises(ValueError, match=r"bomb.npz.*'W0'.*header claims shape \(2000, 1000\).*nothing was decompressed"):
        Network.load(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 2_000_000


def test_truncated_archive(tmp_path):
    data = _good(tmp_path).read_bytes()
    path = tmp_path / "cut.npz"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match=r"cut.npz: not an .npz archive"):
        Network.load(path)


def test_text_file(tmp_path):
    path = tmp_path / "notes.npz"
    path.write_text("just some text")
    with pytest.raises(ValueError, match=r"notes.npz: not an .npz archive"):
        Network.load(path)


@pytest.mark.parametrize("change, pattern", [
    (lambda m: [m], r"settings must be a JSON object, got list"),
    (lambda m: {**m, "bias": "no"}, r"setting 'bias' must be of type bool, got str"),
    (lambda m: {**m, "activations": "sigmoid"}, r"setting 'activations' must be of type list, got str"),
    (lambda m: {**m, "dropout": True}, r"setting 'dropout' must be of type number"),
    (lambda m: {k: v for k, v in m.items() if k != "loss"}, r"miss \['loss'\]"),
    (lambda m: {**m, "version": 2}, r"unsupported backproplab file version 2"),
    (lambda m: {**m, "rng_state": {"bit_generator": "nope"}}, r"not a valid backproplab network"),
    (lambda m: {**m, "names": [["A"], ["B"]]}, r"not a valid backproplab network: names must be"),
    (lambda m: "{not json", r"not valid JSON"),
    (lambda m: "[" * 100_000 + "]" * 100_000, r"not valid JSON|must be a JSON object"),
    (lambda m: {**m, "rng_state": {**m["rng_state"], "state": {"state": 10**400, "inc": 1}}},
     r"not a valid backproplab network"),
])
def test_wrong_meta(tmp_path, change, pattern):
    good = _good(tmp_path)
    path = _rewrite(good, tmp_path / "bad.npz", meta=change(_meta(good)))
    with pytest.raises(ValueError, match=r"bad.npz: .*" + pattern):
        Network.load(path)


def test_bias_false_with_bias_arrays_is_refused(tmp_path):
    good = _good(tmp_path)
    path = _rewrite(good, tmp_path / "bad.npz", meta={**_meta(good), "bias": False})
    with pytest.raises(ValueError, match=r"bad.npz: unexpected array\(s\) \['b0', 'b1'\]"):
        Network.load(path)


def test_missing_array(tmp_path):
    path = _rewrite(_good(tmp_path), tmp_path / "bad.npz", drop=("W1",))
    with pytest.raises(ValueError, match=r"bad.npz: .*no array 'W1'"):
        Network.load(path)


def test_unexpected_member(tmp_path):
    path = _rewrite(_good(tmp_path), tmp_path / "bad.npz", extra={"run.sh": b"rm -rf /"})
    with pytest.raises(ValueError, match=r"bad.npz: unexpected member 'run.sh'"):
        Network.load(path)


def test_save_and_load_agree_on_the_suffix(tmp_path):
    net = Network([3, 2, 1], seed=1)
    net.save(tmp_path / "model")
    assert (tmp_path / "model.npz").exists()
    back = Network.load(tmp_path / "model")
    for a, b in zip(net.weights, back.weights):
        np.testing.assert_array_equal(a, b)


def test_no_resource_warning_and_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        Network.load(tmp_path / "nothing.npz")
