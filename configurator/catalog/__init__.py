"""Catalogs: the immutable model (`model`), the TOML loader (`loader`) and the linter (`linter`).

`configurator.catalog.loader.load_catalog(path)` is the entry point; docs/catalog-extensions.md
lists every check and diagnostic. Nothing here imports Qt or SQL.
"""
