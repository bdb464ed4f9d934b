"""Compile the rule engine's hot modules with mypyc, in place, next to their sources.

    python packaging/native.py           build when the sources changed since the last build
    python packaging/native.py --force   build anyway
    python packaging/native.py --clean   remove the compiled modules (the sources run)

`scripts/dev` runs it after installing the packages, `packaging/build-linux` before bundling.
The modules are `configurator.rules.native.COMPILED`; the build stamps their sources' digest
so that an edited source is never shadowed by an older compiled copy (see that module). Needs
a C compiler and the Python headers (Debian: gcc, python3-dev).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "configurator" / "rules"
sys.path.insert(0, str(ROOT))

from configurator.rules.native import (  # noqa: E402  (the repository's own package)
    COMPILED,
    GROUP,
    STAMP,
    decide,
    extension_files,
    sources_digest,
)

RUNTIME = GROUP.rsplit(".", 1)[1] + "__mypyc"
"""The group's shared runtime extension (mypyc names it after the group)."""


def compiled_files() -> list[Path]:
    """Every file a build leaves in the package: the modules, the runtime, the stamp."""
    files = extension_files(RULES, (*COMPILED, RUNTIME))
    stamp = RULES / STAMP
    return [*files, stamp] if stamp.exists() else files


def up_to_date() -> bool:
    """The import's own check passes (the stamp matches the sources) and no file is missing."""
    return (
        decide(RULES, COMPILED, {}).compiled
        and len(extension_files(RULES, (*COMPILED, RUNTIME))) == len(COMPILED) + 1
    )


def clean() -> None:
    for path in compiled_files():
        path.unlink()


def build() -> None:
    """mypyc's C generation, then setuptools' build_ext with `inplace` (into the package)."""
    from mypyc.build import mypycify
    from setuptools import Distribution

    clean()
    digest = sources_digest(RULES, COMPILED)
    with tempfile.TemporaryDirectory(prefix="configurator-native-") as work:
        previous = Path.cwd()
        os.chdir(ROOT)  # mypy reads its settings from pyproject.toml here
        try:
            extensions = mypycify(
                [str(RULES.relative_to(ROOT) / f"{name}.py") for name in COMPILED],
                opt_level="3",
                group_name=GROUP,
                target_dir=str(Path(work) / "c"),
            )
            dist = Distribution({"name": "configurator-native", "ext_modules": extensions})
            command = dist.get_command_obj("build_ext")
            command.inplace = True
            command.build_temp = str(Path(work) / "temp")
            dist.run_command("build_ext")
        finally:
            os.chdir(previous)
    (RULES / STAMP).write_text(
        json.dumps({"digest": digest, "modules": list(COMPILED)}, indent=1) + "\n",
        encoding="utf-8",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="build even when up to date")
    parser.add_argument("--clean", action="store_true", help="remove the compiled modules")
    parser.add_argument("--in-this-process", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.in_this_process:
        build()
        return 0
    if args.clean:
        clean()
        print("compiled rule-engine modules removed; the sources run")
        return 0
    if up_to_date() and not args.force:
        print("compiled rule-engine modules are up to date")
        return 0
    started = time.monotonic()
    print("compiling the rule engine's hot modules with mypyc (about a minute)")
    # In a child process, so the compiler's many lines are shown only when it fails.
    child = subprocess.run(
        [sys.executable, __file__, "--in-this-process"],
        capture_output=True,
        text=True,
        check=False,
    )
    if child.returncode != 0:
        clean()
        print("\n".join((child.stdout + child.stderr).splitlines()[-40:]), file=sys.stderr)
        print("could not compile the rule engine (above); the sources run", file=sys.stderr)
        return 1
    print(f"compiled {len(COMPILED)} rule-engine modules in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
