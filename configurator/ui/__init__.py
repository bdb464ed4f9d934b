"""The PySide6 GUI: a thin layer over the core. The only package allowed to import Qt."""

from configurator.ui.qt_fixes import install as _install_qt_fixes

_install_qt_fixes()
