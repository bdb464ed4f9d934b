"""The PySide6 GUI: a thin layer over the core. The only package allowed to import Qt."""
