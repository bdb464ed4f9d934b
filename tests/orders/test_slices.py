"""Scheduler hints (`orders.slices`): placing an order is batch work (a long slice) except from
queueing for its write turn until the turn is handed on; the thread's policy and nice value
are kept. Skipped where the kernel takes no slice requests (not Linux 6.12+)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy.engine import Engine

from configurator.catalog.model import Catalog
from configurator.orders import retry, slices
from configurator.orders.slices import LONG_SLICE_NS, batch_work, current_slice_ns
from configurator.store.database import make_engine
from tests.orders.test_order_flow import place


def _custom_slices() -> bool:
    with batch_work():
        return current_slice_ns() == LONG_SLICE_NS


pytestmark = pytest.mark.skipif(
    not slices.supported() or not _custom_slices(),
    reason="this kernel takes no per-thread slice requests (Linux 6.12+ only)",
)


def test_batch_work_asks_for_a_long_slice_until_the_outermost_block_ends() -> None:
    default = current_slice_ns()
    assert default != LONG_SLICE_NS
    with batch_work():
        assert current_slice_ns() == LONG_SLICE_NS
        with batch_work():
            assert current_slice_ns() == LONG_SLICE_NS
        assert current_slice_ns() == LONG_SLICE_NS  # the outer block still runs
    assert current_slice_ns() == default


def test_an_order_is_batch_work_but_its_write_turn_is_not(
    sqlite_url: str, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, int | None]] = []
    real_turn = retry.writer_turn

    @contextmanager
    def spy(engine: Engine) -> Iterator[None]:
        seen.append(("queueing", current_slice_ns()))
        with real_turn(engine):
            seen.append(("in the turn", current_slice_ns()))
            yield
        seen.append(("handed on", current_slice_ns()))

    monkeypatch.setattr(retry, "writer_turn", spy)
    engine = make_engine(sqlite_url)
    try:
        default = current_slice_ns()
        place(engine, catalog)
        assert seen == [
            ("queueing", LONG_SLICE_NS),
            ("in the turn", default),
            ("handed on", LONG_SLICE_NS),
        ]
        assert current_slice_ns() == default
    finally:
        engine.dispose()


def test_the_threads_policy_and_nice_value_are_kept() -> None:
    code = textwrap.dedent(
        """
        import os
        from configurator.orders.slices import batch_work, turn_ends, turn_starts
        os.nice(5)
        os.sched_setscheduler(0, os.SCHED_BATCH, os.sched_param(0))
        with batch_work():
            turn_starts()
            turn_ends()
        assert os.sched_getscheduler(0) == os.SCHED_BATCH, os.sched_getscheduler(0)
        assert os.nice(0) == 5, os.nice(0)
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_a_policy_or_nice_changed_between_orders_is_kept() -> None:
    """The slice requests are made once per policy and nice value: a thread whose nice value
    or policy changed since its last batch work keeps the new ones."""
    code = textwrap.dedent(
        """
        import os
        from configurator.orders import slices
        from configurator.orders.slices import LONG_SLICE_NS, batch_work, current_slice_ns
        for _ in range(2):
            with batch_work():
                pass
        made = slices._state.made
        with batch_work():
            pass
        assert slices._state.made is made  # the same policy and nice: the same requests
        os.nice(3)
        with batch_work():
            assert current_slice_ns() == LONG_SLICE_NS
            assert os.nice(0) == 3, os.nice(0)
        assert os.nice(0) == 3, os.nice(0)
        os.sched_setscheduler(0, os.SCHED_BATCH, os.sched_param(0))
        with batch_work():
            slices.turn_starts()
            slices.turn_ends()
            assert os.sched_getscheduler(0) == os.SCHED_BATCH
        assert os.sched_getscheduler(0) == os.SCHED_BATCH
        assert os.nice(0) == 3, os.nice(0)
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
