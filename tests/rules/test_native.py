"""The compiled build of the engine's hot modules: never stale, all or none, and really used.

A stale compiled module would run old code without a word, so these tests build a small
package with a compiled module's file beside its source and check which one is imported.
The "compiled module" is not a real extension: if the guard let Python load it, the import
would fail, which is what the tests assert on."""

from __future__ import annotations

import importlib
import importlib.machinery
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from configurator.rules import native

SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]
MODULES = ("fast", "faster")


@pytest.fixture
def package(tmp_path: Path) -> Iterator[Path]:
    """A package `nativetest` with two modules, each with a bogus compiled file beside it."""
    root = tmp_path / "nativetest"
    root.mkdir()
    (root / "__init__.py").write_text("")
    for name in MODULES:
        (root / f"{name}.py").write_text(f"WHO = 'source of {name}'\n")
        (root / f"{name}{SUFFIX}").write_bytes(b"not an extension")
    sys.path.insert(0, str(tmp_path))
    finders = list(sys.meta_path)
    yield root
    sys.path.remove(str(tmp_path))
    sys.meta_path[:] = finders
    for name in [m for m in sys.modules if m.startswith("nativetest")]:
        del sys.modules[name]


def stamp(root: Path) -> None:
    digest = native.sources_digest(root, MODULES)
    (root / native.STAMP).write_text(json.dumps({"digest": digest}))


def test_no_compiled_files_means_the_sources_run(tmp_path: Path) -> None:
    (tmp_path / "fast.py").write_text("")
    build = native.decide(tmp_path, MODULES, {})
    assert not build.compiled
    assert "not compiled" in build.reason


def test_a_fresh_build_is_used(package: Path) -> None:
    stamp(package)
    build = native.activate("nativetest", package, MODULES, {})
    assert build.compiled
    with pytest.raises(ImportError):  # Python went for the (bogus) compiled file
        importlib.import_module("nativetest.fast")


def test_an_edited_source_makes_the_whole_group_run_from_sources(package: Path) -> None:
    stamp(package)
    (package / "faster.py").write_text("WHO = 'edited source of faster'\n")
    build = native.activate("nativetest", package, MODULES, {})
    assert not build.compiled
    assert "sources changed" in build.reason
    # Both modules come from source, also the one that was not edited: all or none.
    assert importlib.import_module("nativetest.fast").WHO == "source of fast"
    assert importlib.import_module("nativetest.faster").WHO == "edited source of faster"


def test_a_missing_stamp_means_the_sources_run(package: Path) -> None:
    build = native.activate("nativetest", package, MODULES, {})
    assert not build.compiled
    assert importlib.import_module("nativetest.fast").WHO == "source of fast"


def test_the_environment_can_ask_for_the_sources(package: Path) -> None:
    stamp(package)
    build = native.activate("nativetest", package, MODULES, {native.PURE_ENV: "1"})
    assert not build.compiled
    assert importlib.import_module("nativetest.faster").WHO == "source of faster"


def test_without_sources_the_compiled_modules_are_trusted(package: Path) -> None:
    for name in MODULES:
        (package / f"{name}.py").unlink()
    assert native.decide(package, MODULES, {}).compiled


def test_the_engine_runs_what_the_build_says() -> None:
    """`scripts/dev test` builds the compiled modules and sets CONFIGURATOR_EXPECT_NATIVE,
    so the suite is known to have tested the compiled engine the shop runs."""
    from configurator.rules import engine

    build = native.running()
    compiled_file = not engine.__file__.endswith(".py") if engine.__file__ else False
    assert build.compiled == compiled_file
    if os.environ.get("CONFIGURATOR_EXPECT_NATIVE") == "1":
        assert build.compiled, build.reason
