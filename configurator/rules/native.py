"""Which build of the rule engine's hot modules runs: compiled (mypyc) or the Python sources.

`packaging/native.py` compiles the modules in `COMPILED` into C extensions that sit next to
their sources (docs/engine.md, "Compiled with mypyc"). Python loads such an extension before
the source beside it, even when the source was edited after the build; running stale code
without a word would be the worst outcome. So at import (`configurator.rules` calls
`activate`) the sources are compared with the digest the build stamped, and the whole group
is loaded from its sources when they differ, or when `CONFIGURATOR_PURE_PYTHON=1` asks for
it (profilers, debuggers). All or none: compiled modules call each other directly, so one
module from source next to compiled ones would still run the compiled copy of the others.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

COMPILED: tuple[str, ...] = (
    "analysis",
    "bom",
    "code",
    "engine",
    "evaluate",
    "messages",
    "pairs",
    "quantities",
    "quiet",
    "solving",
    "state",
    "units",
    "witnesses",
)
"""The modules of `configurator.rules` that the build compiles (the per-click path)."""

GROUP = "configurator.rules._native"
"""mypyc's name for the group; its shared runtime is the extension `_native__mypyc`."""

STAMP = "_native.json"
PURE_ENV = "CONFIGURATOR_PURE_PYTHON"


@dataclass(frozen=True)
class Build:
    """What runs: `compiled` or not, and why (shown by `configurator version`, benchmarks)."""

    compiled: bool
    reason: str


def sources_digest(directory: Path, modules: Sequence[str]) -> str:
    """A digest of the modules' sources: the build stamps it, the import compares it."""
    digest = hashlib.sha256()
    for name in modules:
        digest.update(name.encode() + b"\0")
        digest.update((directory / f"{name}.py").read_bytes())
    return digest.hexdigest()


def extension_files(directory: Path, modules: Sequence[str]) -> list[Path]:
    """The compiled modules this interpreter would load from `directory`."""
    found = []
    for name in modules:
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            candidate = directory / f"{name}{suffix}"
            if candidate.exists():
                found.append(candidate)
                break
    return found


def decide(directory: Path, modules: Sequence[str], environ: Mapping[str, str]) -> Build:
    """Whether the compiled modules in `directory` may run (see the module docstring)."""
    if not extension_files(directory, modules):
        return Build(False, "not compiled (packaging/native.py builds it)")
    if environ.get(PURE_ENV, "") not in ("", "0"):
        return Build(False, f"{PURE_ENV} is set")
    if not all((directory / f"{name}.py").exists() for name in modules):
        return Build(True, "compiled (installed without sources)")
    try:
        stamp = json.loads((directory / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Build(False, f"no valid build stamp {STAMP}: compiled modules ignored")
    if stamp.get("digest") != sources_digest(directory, modules):
        return Build(False, "sources changed since the build: run packaging/native.py")
    return Build(True, "compiled with mypyc")


class SourcesFirst(importlib.abc.MetaPathFinder):
    """Loads the named modules from their `.py` files although extensions sit beside them."""

    def __init__(self, package: str, directory: Path, modules: Sequence[str]) -> None:
        self.paths = {f"{package}.{name}": directory / f"{name}.py" for name in modules}

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None = None,
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        source = self.paths.get(fullname)
        if source is None:
            return None
        return importlib.util.spec_from_file_location(fullname, source)


def activate(
    package: str = "configurator.rules",
    directory: Path | None = None,
    modules: Sequence[str] = COMPILED,
    environ: Mapping[str, str] | None = None,
) -> Build:
    """Decide once per process, before any of `modules` is imported; see `decide`."""
    where = Path(__file__).resolve().parent if directory is None else directory
    build = decide(where, modules, os.environ if environ is None else environ)
    if not build.compiled and extension_files(where, modules):
        sys.meta_path.insert(0, SourcesFirst(package, where, modules))
    return build


def running() -> Build:
    """What this process runs (the decision `configurator.rules` took at import)."""
    from configurator import rules

    return rules.BUILD
