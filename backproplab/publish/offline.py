"""Local copies of the scripts a static deck loads, so that ``python -m backproplab slides --offline``
writes decks that present without internet.

nbconvert's decks load reveal.js 4.0.2, require.js, jQuery and MathJax 2 from CDNs. Offline, a deck
copies them beside itself:

* reveal.js, require.js and jQuery from the npm registry, at pinned versions, each tarball checked
  against the sha512 the registry publishes for it (written here) before anything is unpacked, and
  unpacked with :mod:`tarfile`'s ``data`` filter (no links, no paths outside the target). jQuery 2.0.3,
  nbconvert's version, is not on npm: 2.2.4 is the last 2.x release there.
* MathJax 2 from the ``jupyter_server_mathjax`` package (:func:`.mathjax.copy_mathjax`), loaded with
  the configuration that copy ships (:data:`.mathjax.LOCAL_CONFIG`).

The tarballs are downloaded once into ``cache_dir`` (default ``build/vendor-cache``) and reused. What
still needs the internet is cosmetic: the theme's web fonts (the deck falls back to the system's sans
serif) and mermaid, which no lesson uses.
"""
from __future__ import annotations

import base64
import hashlib
import io
import tarfile
import urllib.request
from pathlib import Path

from . import mathjax

__all__ = ["PACKAGES", "vendor_scripts", "fetch_tarball"]

REGISTRY = "https://registry.npmjs.org"
# name → (version, the registry's "integrity" for its tarball, {path in the tarball: path in vendor/})
PACKAGES = {
    "reveal.js": ("4.0.2", "sha512-LWZSUenufF1gpD7npxJ7KfoQQFKgc1D6XrLTFgKlwWNP1BQ74hT48KONFWMAw+8R/QUeaScCLCLrBVHDfFIEiw==",
                  {"package/dist/": "reveal.js/dist/", "package/plugin/": "reveal.js/plugin/"}),
    "requirejs": ("2.3.7", "sha512-DouTG8T1WanGok6Qjg2SXuCMzszOo0eHeH9hDZ5Y4x8Je+9JB38HdTLT4/VA8OaUhBa0JPVHJ0pyBkM1z+pDsw==",
                  {"package/require.js": "require.js"}),
    "jquery": ("2.2.4", "sha512-lBHj60ezci2u1v2FqnZIraShGgEXq35qCzMv4lITyHGppTnA13rwR0MgwyNJh9TnDs3aXUvd1xjAotfraMHX/Q==",
               {"package/dist/jquery.min.js": "jquery.min.js"}),
}
VENDOR = "vendor"
_TIMEOUT_S = 60


def _check_integrity(name: str, data: bytes, integrity: str):
    algorithm, _, expected = integrity.partition("-")
    got = base64.b64encode(hashlib.new(algorithm, data).digest()).decode("ascii")
    if got != expected:
        raise ValueError(f"{name}: the downloaded tarball's {algorithm} is {got}, expected {expected} "
                         "(a changed or broken download); delete it from the cache and try again")


def fetch_tarball(name: str, cache_dir) -> bytes:
    """The npm tarball of pinned package ``name`` (a key of :data:`PACKAGES`), from ``cache_dir`` or
    the registry, checked against its published sha512."""
    if name not in PACKAGES:
        raise ValueError(f"name must be one of {sorted(PACKAGES)}, got {name!r}")
    version, integrity, _ = PACKAGES[name]
    cached = Path(cache_dir) / f"{name}-{version}.tgz"
    if cached.is_file():
        data = cached.read_bytes()
    else:
        url = f"{REGISTRY}/{name}/-/{name}-{version}.tgz"
        try:
            with urllib.request.urlopen(url, timeout=_TIMEOUT_S) as response:
                data = response.read()
        except OSError as err:
            raise OSError(f"could not download {url} ({err}); --offline needs the internet once, "
                          f"to fill {cache_dir}") from err
    _check_integrity(name, data, integrity)
    if not cached.is_file():
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(data)
    return data


def _unpack(name: str, data: bytes, target: Path):
    """Extract the files :data:`PACKAGES` names for ``name`` into ``target``, renamed as it says."""
    _, _, wanted = PACKAGES[name]
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar.getmembers():
            if not member.isfile():
                continue
            for source, dest in wanted.items():
                if source.endswith("/") and member.name.startswith(source):
                    member.name = dest + member.name[len(source):]
                elif member.name == source:
                    member.name = dest
                else:
                    continue
                tar.extract(member, target, filter="data")
                break


def vendor_scripts(out_dir, cache_dir=None) -> dict:
    """Copy reveal.js, require.js, jQuery (into ``out_dir/vendor``) and MathJax (``out_dir/mathjax``)
    beside the decks; returns the ``build_slides`` keywords that point a deck at them."""
    out_dir = Path(out_dir)
    cache_dir = Path("build") / "vendor-cache" if cache_dir is None else Path(cache_dir)
    target = out_dir / VENDOR
    for name in PACKAGES:
        _unpack(name, fetch_tarball(name, cache_dir), target)
    mathjax.copy_mathjax(out_dir)
    return {"reveal_url_prefix": f"{VENDOR}/reveal.js", "require_js_url": f"{VENDOR}/require.js",
            "jquery_url": f"{VENDOR}/jquery.min.js", "mathjax_url": mathjax.local_url()}
