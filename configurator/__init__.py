"""Configurator: an assemble-to-order laptop configurator for the sales counter.

The package is a Qt-free core (catalog, rules, store, inventory, orders, documents, planning)
with two clients: the command line (`configurator.cli`) and the PySide6 GUI (`configurator.ui`).
"""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    """`__version__` is looked up when first asked for: importlib.metadata costs the GUI's
    start-up tens of milliseconds, and the login window does not need the version."""
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("configurator")
    except PackageNotFoundError:  # running from a source tree that was never installed
        found = "0.0.0+source"
    globals()["__version__"] = found
    return found
