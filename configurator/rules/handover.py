"""Compiled engines handed over from the catalog linter to the first user of the same catalog.

Loading a catalog lints it, and the linter's proofs need a compiled `Engine`; compiling the
large catalogs takes seconds, so instead of throwing it away the linter hands it over here and
the application's first `engine_for(catalog)` takes it:

    catalog = load_catalog(path)      # the linter compiled an engine and handed it over
    engine = engine_for(catalog)      # that engine, no second compilation

Each engine is taken at most once (an engine is not thread-safe, so it is never shared); a
second `engine_for` for the same catalog compiles a new one. Engines nobody takes are freed
when newer ones push them out.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from configurator.catalog.model import Catalog
from configurator.rules.engine import Engine

KEEP = 2
"""Engines kept for takers (a catalog and the one it is being replaced with)."""

_lock = threading.Lock()
_kept: OrderedDict[tuple[str, int], Engine] = OrderedDict()


def _key(catalog: Catalog) -> tuple[str, int]:
    # The version hash names the file's content; catalogs built in code have none.
    return (catalog.version_hash, 0) if catalog.version_hash else ("", id(catalog))


def hand_over(engine: Engine) -> None:
    """Keep `engine` for the next `engine_for` of its catalog (the caller must not use it),
    without the definitions its analysis questions added (`Engine.drop_analysis`)."""
    engine.drop_analysis()
    with _lock:
        old = _kept.pop(_key(engine.catalog), None)
        _kept[_key(engine.catalog)] = engine
        while len(_kept) > KEEP:
            _, evicted = _kept.popitem(last=False)
            evicted.close()
    if old is not None and old is not engine:
        old.close()


def engine_for(catalog: Catalog) -> Engine:
    """The engine handed over for this catalog (taken: nobody else gets it), else a new one."""
    with _lock:
        engine = _kept.pop(_key(catalog), None)
    if engine is not None and (engine.catalog is catalog or engine.catalog == catalog):
        return engine
    if engine is not None:  # same version hash, different content (built in code): not ours
        engine.close()
    return Engine(catalog)


def forget() -> None:
    """Free every engine not taken yet."""
    with _lock:
        engines = list(_kept.values())
        _kept.clear()
    for engine in engines:
        engine.close()
