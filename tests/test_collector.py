"""The application's collector policy: start-up objects leave full collections, and a
replaced engine is still freed."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from configurator.collector import settle_after_startup
from configurator.paths import demo_catalog_path


@pytest.fixture(autouse=True)
def _unfrozen_after() -> Iterator[None]:
    yield
    gc.unfreeze()  # other tests run with the collector as usual


def test_settled_objects_leave_the_collectors_generations() -> None:
    from configurator.catalog.loader import load_catalog
    from configurator.rules.engine import Engine

    engine = Engine(load_catalog(demo_catalog_path()))
    settle_after_startup()
    assert gc.get_freeze_count() > 0
    tracked = {id(o) for o in gc.get_objects()}
    assert id(engine) not in tracked  # a full collection no longer walks it
    assert id(engine.sat) not in tracked


def test_a_replaced_engine_is_freed_by_the_next_settle() -> None:
    from configurator.catalog.loader import load_catalog
    from configurator.rules.engine import Engine

    engine = Engine(load_catalog(demo_catalog_path()))
    settle_after_startup()
    # The engine's SAT solver is an ordinary Python object only the engine holds: it goes
    # when the engine goes (the engine itself may be a compiled class without weak references).
    gone = weakref.ref(engine.sat.main)
    del engine  # the engine's own cycles keep it alive until the collector sees it
    settle_after_startup()
    assert gone() is None
