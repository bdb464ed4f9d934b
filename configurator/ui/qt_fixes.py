"""A work-around for PySide6 6.12.0 on Python 3.11: None, True and False lose references.

PySide6 6.12's abi3 wheel hands out None/True/False without taking a reference (on Python
3.12+ they are immortal, so that is harmless there). On 3.11 every `label.setText(...)`,
`app.processEvents()` or `signal.emit(...)` takes one reference off None or True until the
interpreter aborts with "deallocating None" (reproduced here: 2,000 `processEvents()` calls
in a bare QApplication, or about a second of an indeterminate progress bar). PySide6 6.11.3
does not do this, but QtPdf for it only comes in the much larger Addons wheel.

So, when a probe shows the leak, `install()` gives None, True and False a reference count no
program can use up, which is exactly what Python 3.12 does for them (immortal objects).
Nothing is patched on an interpreter or PySide6 that does not leak.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject

_PROBES = 64
_HEADROOM = 1 << 40


def void_calls_lose_a_reference() -> bool:
    """Whether a PySide6 method returning None takes a reference off None."""
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(_PROBES):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before - _PROBES // 2


def _make_immortal(value: object) -> None:
    refcount = ctypes.c_ssize_t.from_address(id(value))
    refcount.value += _HEADROOM


_state = {"installed": False, "patched": False}


def install() -> bool:
    """Apply the work-around when this PySide6 needs it (idempotent); True when applied."""
    if not _state["installed"]:
        _state["installed"] = True
        if sys.version_info < (3, 12) and void_calls_lose_a_reference():
            for value in (None, True, False):
                _make_immortal(value)
            _state["patched"] = True
    return _state["patched"]
