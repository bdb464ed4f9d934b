"""Load the shop's catalog at start-up, linting it only once per catalog version.

The full check (`load_catalog`: expressions, references and the solver-backed checks) costs
about half a second of CPU on the demo catalog, every start, for a file that rarely changes.
Once a file has passed, its version hash is remembered in the data folder; later starts only
read its structure (tens of milliseconds) and get an identical `Catalog`. The key also covers
the checking code (file sizes and times of the catalog and rules packages, the version and the
build revision), so an updated linter checks every catalog again. A file that fails is never
remembered: it is checked, and its errors reported, on every start.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tomllib
from pathlib import Path

from configurator.catalog.model import Catalog

log = logging.getLogger(__name__)

CACHE_FILE = "catalog-checks.txt"
_KEEP = 32
"""How many passed versions are remembered (a shop switching between a few catalogs)."""


def _code_fingerprint() -> str:
    import configurator
    import configurator.catalog
    import configurator.rules

    digest = hashlib.sha256(str(configurator.__version__).encode())
    revision = Path(configurator.__file__).with_name("_build_revision.txt")
    if revision.is_file():
        digest.update(revision.read_bytes())
    for package in (configurator.catalog, configurator.rules):
        for file in sorted(Path(package.__file__ or "").parent.glob("*.py")):
            stat = file.stat()
            digest.update(f"{file.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:16]


def _remembered(cache: Path) -> list[str]:
    try:
        return cache.read_text(encoding="utf-8").split()
    except OSError:
        return []


def _remember(cache: Path, key: str) -> None:
    keys = [*[k for k in _remembered(cache) if k != key][-(_KEEP - 1) :], key]
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text("\n".join(keys) + "\n", encoding="utf-8")
        temporary.replace(cache)
    except OSError as exc:  # a read-only data folder only costs the next start a full check
        log.info("cannot remember the checked catalog in %s: %s", cache, exc)


def _structure_only(path: Path, data: bytes, digest: str) -> Catalog | None:
    """The catalog as `load_catalog` builds it, without the checks; None if anything is odd."""
    from configurator.catalog.loader import read_document
    from configurator.catalog.reader import Reader

    try:
        text = data.decode("utf-8-sig")
        document = tomllib.loads(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    reader = Reader(str(path), text)
    catalog = read_document(reader, document, path=Path(path), digest=digest)
    if catalog is None or reader.has_errors:
        return None
    return catalog


def load_catalog_once_checked(path: Path, cache_dir: Path) -> Catalog:
    """`load_catalog(path)`, with the full check skipped for a version that passed before.

    Raises `CatalogError` listing every error, exactly like `load_catalog`.
    """
    from configurator.catalog.loader import load_catalog

    try:
        data = Path(path).read_bytes()
    except OSError:
        return load_catalog(path)  # reports the unreadable file in its words
    digest = hashlib.sha256(data).hexdigest()
    key = f"{digest}-{_code_fingerprint()}"
    cache = cache_dir / CACHE_FILE
    if key in _remembered(cache):
        catalog = _structure_only(path, data, digest)
        if catalog is not None:
            return catalog
    catalog = load_catalog(path)
    if catalog.version_hash == digest:  # the file did not change between the two reads
        _remember(cache, key)
    return catalog
