"""The core works on a machine without Qt: every core module imports, and the CLI configures a
laptop, with PySide6 made unimportable (the import-linter contract checks the import graph;
this checks the running program, including imports made inside functions)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

CORE_PACKAGES = (
    "catalog",
    "rules",
    "store",
    "inventory",
    "orders",
    "documents",
    "planning",
)

_BLOCK_QT = textwrap.dedent(
    """
    import importlib, pkgutil, sys
    sys.modules["PySide6"] = None  # any import of Qt now fails
    sys.modules["shiboken6"] = None
    import configurator
    for name in {packages!r}:
        package = importlib.import_module("configurator." + name)
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if ".migrations.versions" in info.name or info.name.endswith(".migrations.env"):
                continue  # Alembic scripts run only inside Alembic
            importlib.import_module(info.name)
    for name in ("bootstrap", "paths", "shop", "errors", "build_info", "logging_setup"):
        importlib.import_module("configurator." + name)
    from configurator.cli.main import run
    sys.exit(run(sys.argv[1:]))
    """
)


def test_core_imports_and_configures_without_qt() -> None:
    script = _BLOCK_QT.format(packages=CORE_PACKAGES)
    result = subprocess.run(
        [sys.executable, "-c", script, "configure", "--json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode in (0, 1), result.stderr
    state = json.loads(result.stdout)
    assert state["groups"]
