"""Configurator: an assemble-to-order laptop configurator for the sales counter.

The package is a Qt-free core (catalog, rules, store, inventory, orders, documents, planning)
with two clients: the command line (`configurator.cli`) and the PySide6 GUI (`configurator.ui`).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("configurator")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

__all__ = ["__version__"]
