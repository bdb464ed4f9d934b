"""Scheduler hints for order writers: work outside the write turn is batch work.

On an SQLite file the writers take turns (`orders.retry.writer_turn`), and every turn has two
moments where its writer sleeps and must get a CPU back at once: when its turn comes (the
writer before it releases its slot) and when its commit's fsync returns. Measured with 8
writers on 2 CPUs (benchmarks/results/orders.md): 97-99 % of the hand-over wake-ups are
queued on the releasing writer's CPU, where the releaser goes on with its next order's
preparation; Linux's EEVDF scheduler lets that run out its time slice (1.4 ms here) before
the woken writer runs, so handing the turn on took 0.4-1.5 ms instead of ~0.03 ms.

Linux 6.12 lets a thread ask for its own slice (`sched_setattr`, `sched_attr.sched_runtime`
for SCHED_OTHER/SCHED_BATCH, no privilege needed), and a woken thread with a shorter slice
than the running one preempts it. So `batch_work` (around `place_order`) asks for a long
slice, and `writer_turn` drops back to the default slice from queueing for its turn until
the turn is handed on: the writer whose turn it is always has the shorter slice than the
writers preparing their next orders. The CPU share of each is unchanged (the slice decides
when a thread runs, not how much). Elsewhere (other systems, older kernels, where the call is
refused) nothing happens. Measured: the hand-over fell to 0.2-0.5 ms; with a slow fsync 8
writers placed 40-70 % more orders per second, with a quick one part of the wait moves into
the turn (a writer that has just used its turn's CPU is not eligible to preempt anyone yet
when its fsync returns) and the net was -6 % to +30 %.
"""

from __future__ import annotations

import functools
import platform
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

LONG_SLICE_NS = 100_000_000
"""The slice asked for outside the write turn (the kernel's upper bound, 100 ms)."""

_SYSCALLS = {"x86_64": (314, 315), "aarch64": (274, 275)}
"""(sched_setattr, sched_getattr) by machine."""
_FAIR_POLICIES = (0, 3)  # SCHED_OTHER, SCHED_BATCH: the policies a slice applies to


class _State(threading.local):
    depth = 0
    requests: tuple[Any, Any] | None = None
    """While it does batch work: the long and the default slice request for its policy and
    nice, made once (`_requests`)."""
    made: tuple[int, int, tuple[Any, Any]] | None = None
    """(policy, nice, requests) last made: the next order with the same ones reuses them."""
    buffer: Any = None
    """A `sched_attr` to read the thread's into (`_get`)."""


_state = _State()
_calls: tuple[int, int] | None = (
    _SYSCALLS.get(platform.machine()) if sys.platform == "linux" else None
)


@functools.cache
def _api() -> tuple[Any, Any]:
    """libc and `struct sched_attr` up to `sched_period` (SCHED_ATTR_SIZE_VER0, 48 bytes);
    made on first use (ctypes is not loaded at start-up)."""
    import ctypes

    class Attr(ctypes.Structure):
        _fields_ = (
            ("size", ctypes.c_uint32),
            ("sched_policy", ctypes.c_uint32),
            ("sched_flags", ctypes.c_uint64),
            ("sched_nice", ctypes.c_int32),
            ("sched_priority", ctypes.c_uint32),
            ("sched_runtime", ctypes.c_uint64),
            ("sched_deadline", ctypes.c_uint64),
            ("sched_period", ctypes.c_uint64),
        )

    return ctypes.CDLL(None, use_errno=True), Attr


def _get() -> Any:
    """The calling thread's `sched_attr`, or None (unsupported, refused, not a fair policy)."""
    global _calls  # noqa: PLW0603 - switched off for the process when the kernel refuses
    if _calls is None:
        return None
    import ctypes

    libc, attr_type = _api()
    state = _state
    if state.buffer is None:
        attr = attr_type()
        state.buffer = (attr, ctypes.byref(attr), ctypes.sizeof(attr))
    attr, ref, size = state.buffer
    if libc.syscall(_calls[1], 0, ref, size, 0) != 0:
        _calls = None
        return None
    return attr if attr.sched_policy in _FAIR_POLICIES else None


def _request(attr: Any, slice_ns: int) -> Any:
    """The `sched_setattr` argument asking for `slice_ns` (0: the default slice), keeping the
    thread's policy and nice."""
    import ctypes

    _, attr_type = _api()
    wanted = attr_type(
        size=ctypes.sizeof(attr_type),
        sched_policy=attr.sched_policy,
        sched_nice=attr.sched_nice,
        sched_runtime=slice_ns,
    )
    return ctypes.byref(wanted)


def _requests(attr: Any) -> tuple[Any, Any]:
    """The long and the default slice request for the thread's policy and nice (made once
    per policy and nice: building a `ctypes` structure costs more than the system call)."""
    state = _state
    made = state.made
    if made is None or made[:2] != (attr.sched_policy, attr.sched_nice):
        made = state.made = (
            attr.sched_policy,
            attr.sched_nice,
            (_request(attr, LONG_SLICE_NS), _request(attr, 0)),
        )
    return made[2]


def _ask(request: Any) -> None:
    global _calls  # noqa: PLW0603
    if _calls is None:
        return
    libc, _ = _api()
    if libc.syscall(_calls[0], 0, request, 0) != 0:
        _calls = None


def current_slice_ns() -> int | None:
    """The calling thread's slice as the kernel reports it (None where unsupported)."""
    attr = _get()
    return None if attr is None else int(attr.sched_runtime)


@contextmanager
def batch_work() -> Iterator[None]:
    """Run the block with a long slice, except inside `writer_turn` (see the module). At its
    end the thread has the default slice (a slice the thread asked for itself would be
    reset: nothing in this application asks for one)."""
    state = _state
    if state.depth == 0:
        attr = _get()
        if attr is not None:
            state.requests = _requests(attr)
            _ask(state.requests[0])
    state.depth += 1
    try:
        yield
    finally:
        state.depth -= 1
        if state.depth == 0 and state.requests is not None:
            _ask(state.requests[1])
            state.requests = None


def turn_starts() -> None:
    """The writer queues for its turn: the default slice, so it preempts batch work."""
    requests = _state.requests
    if requests is not None:
        _ask(requests[1])


def turn_ends() -> None:
    """The turn was handed on: back to batch work (after the release, so the next writer,
    woken on this CPU, preempts this thread as soon as it asks for the long slice)."""
    requests = _state.requests
    if requests is not None:
        _ask(requests[0])


def supported() -> bool:
    """Whether this system takes slice requests (Linux on x86_64 or aarch64, not refused)."""
    return _calls is not None
