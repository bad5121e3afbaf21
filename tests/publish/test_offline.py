"""backproplab.publish.offline: pinned npm tarballs are checked before use and unpacked safely.

No network here: the tests build small tarballs of their own (the browser test
``tests/browser/test_offline_slides_browser.py`` downloads the real ones and presents a deck offline).
"""
from __future__ import annotations

import base64
import hashlib
import io
import tarfile

import pytest

from backproplab.publish import offline


def _tarball(files: dict) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


@pytest.fixture
def fake_package(monkeypatch):
    data = _tarball({"package/dist/a.js": b"A", "package/dist/theme/t.css": b"T", "package/README.md": b"R",
                     "package/plugin/notes/notes.js": b"N"})
    monkeypatch.setitem(offline.PACKAGES, "reveal.js",
                        ("9.9.9", _integrity(data), {"package/dist/": "reveal.js/dist/", "package/plugin/": "reveal.js/plugin/"}))
    return data


def test_a_cached_tarball_is_checked_and_unpacked_as_named(fake_package, tmp_path):
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "reveal.js-9.9.9.tgz").write_bytes(fake_package)
    data = offline.fetch_tarball("reveal.js", tmp_path / "cache")
    offline._unpack("reveal.js", data, tmp_path / "out")
    got = sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert got == ["reveal.js/dist/a.js", "reveal.js/dist/theme/t.css", "reveal.js/plugin/notes/notes.js"]
    assert (tmp_path / "out" / "reveal.js" / "dist" / "theme" / "t.css").read_bytes() == b"T"


def test_a_changed_tarball_is_refused(fake_package, tmp_path):
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "reveal.js-9.9.9.tgz").write_bytes(fake_package[:20] + bytes([fake_package[20] ^ 1]) + fake_package[21:])
    with pytest.raises(ValueError, match="reveal.js: the downloaded tarball's sha512 is .*expected"):
        offline.fetch_tarball("reveal.js", tmp_path / "cache")


def test_a_path_outside_the_target_is_refused(monkeypatch, tmp_path):
    data = _tarball({"package/dist/../../../evil.js": b"E"})
    monkeypatch.setitem(offline.PACKAGES, "reveal.js", ("9.9.9", _integrity(data), {"package/dist/": "reveal.js/dist/"}))
    with pytest.raises(tarfile.OutsideDestinationError):
        offline._unpack("reveal.js", data, tmp_path / "out")
    assert not (tmp_path / "evil.js").exists()


def test_unknown_package_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="name must be one of .*'jquery'.* got 'left-pad'"):
        offline.fetch_tarball("left-pad", tmp_path)


def test_the_pins_name_the_versions_decks_need():
    assert offline.PACKAGES["reveal.js"][0] == "4.0.2"          # nbconvert's reveal_url_prefix version
    assert all(pin[1].startswith("sha512-") for pin in offline.PACKAGES.values())


def test_build_slides_refuses_offline_with_urls_of_its_own(tmp_path):
    from backproplab.publish.slides import build_slides
    from pathlib import Path
    notebooks = Path(__file__).resolve().parents[2] / "notebooks"
    with pytest.raises(ValueError, match="offline=True copies the scripts itself"):
        build_slides(notebooks, tmp_path / "out", offline=True, jquery_url="my/jquery.js")
