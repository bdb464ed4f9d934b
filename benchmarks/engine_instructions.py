"""Instructions per click of the rule engine (callgrind): a figure the machine's speed does
not move.

    .venv/bin/python -m benchmarks.engine_instructions [--catalog large] [--clicks 50]
        [--seed 1] [--linted] [--before DIR]

Runs `bench_engine.walk` (the benchmark's seeded click walk, explanations included) under
`valgrind --tool=callgrind` with a dump before every pick, so each click's count runs from
its pick to the next one (the last click, whose part also holds the process's exit, is left
out). `--before DIR` counts a second source tree the same way (e.g. `git archive COMMIT
configurator benchmarks resources | tar -x -C DIR`, with the compiled modules of that commit
copied next to its sources) and prints the two side by side. `--linted` counts the
application's engine instead of a newly compiled one: the catalog linted as loading it does,
and the linter's engine taken over (`rules.handover.engine_for`).

On this machine a click's CPU time swings by up to 2x within minutes; its instructions do
not. The pair proofs' CPU budget (`rules.pairs.PAIR_SECONDS`) is lifted in the counted
process: under valgrind, 50x slower, the budget would cut the proofs short and change the
clicks being counted. Needs valgrind (`apt-get install valgrind`) and the compiled engine
(`packaging/native.py`): the dumps are triggered by the compiled `Engine.pick`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.bench_engine import percentile

REPO = Path(__file__).resolve().parent.parent
TRIGGERS = ("CPyDef_engine___Engine___pick", "CPyDef_engine___Engine___unpick")
"""The compiled engine's click entry points (mypyc's C names)."""


def child(catalog_name: str, clicks: int, seed: int, linted: bool = False) -> None:
    """The counted process: build the engine, then walk (this file's walk, whichever tree's
    `configurator` is counted). `linted`: the application's path instead, the catalog
    linted as loading it does and the linter's engine taken over (`engine_for`)."""
    import importlib.util

    from configurator.rules import native, pairs
    from configurator.rules.engine import Engine

    build = native.running()
    if not build.compiled:
        sys.exit(f"the rule engine is not compiled ({build.reason}): run packaging/native.py")
    pairs.PAIR_SECONDS = 1e9  # see the module's docstring
    spec = importlib.util.spec_from_file_location(
        "bench_engine", Path(__file__).with_name("bench_engine.py")
    )
    assert spec is not None
    assert spec.loader is not None
    bench_engine = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_engine)
    catalog = bench_engine.load(catalog_name)
    if catalog is None:
        sys.exit(f"no catalog {catalog_name!r}")
    if linted:
        from configurator.catalog.linter import lint_catalog
        from configurator.rules.handover import engine_for

        lint_catalog(catalog, warnings=False)  # as `load_catalog` does
        engine = engine_for(catalog)
    else:
        engine = Engine(catalog)
    bench_engine.walk(engine, clicks, seed)


def count(tree: Path, catalog: str, clicks: int, seed: int, linted: bool = False) -> list[int]:
    """Instructions of each click of the walk, with `tree`'s sources first on the path."""
    with tempfile.TemporaryDirectory() as out:
        command = [
            "valgrind",
            "--tool=callgrind",
            *(f"--dump-before={name}" for name in TRIGGERS),
            f"--callgrind-out-file={out}/cg.out",
            sys.executable,
            str(Path(__file__).resolve()),
            "--child",
            "--catalog",
            catalog,
            "--clicks",
            str(clicks),
            "--seed",
            str(seed),
            *(["--linted"] if linted else []),
        ]
        env = os.environ | {"PYTHONPATH": f"{tree}{os.pathsep}{REPO}", "PYTHONHASHSEED": "1"}
        done = subprocess.run(
            command, check=False, cwd=out, env=env, capture_output=True, text=True
        )
        if done.returncode != 0:
            sys.exit(f"counting {tree} failed:\n{done.stderr[-3000:]}")
        dumps = sorted(Path(out).glob("cg.out.*"), key=lambda p: int(p.suffix[1:]))
        # The first dump is everything before the first click (start-up and the build); the
        # last click is in the final part, with the process's exit, and is left out.
        return [_summary(dump) for dump in dumps[1:]]


def _summary(dump: Path) -> int:
    for line in dump.read_text().splitlines():
        if line.startswith("summary:"):
            return int(line.split()[1])
    return 0


def _line(label: str, clicks: list[int]) -> str:
    m = 1e6
    p95 = percentile([float(c) for c in clicks], 95)
    return (
        f"| {label} | {len(clicks)} | {sum(clicks) / m:,.1f} M | "
        f"{statistics.median(clicks) / m:.2f} M | {p95 / m:.2f} M | {max(clicks) / m:.2f} M |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--catalog", default="large")
    parser.add_argument("--clicks", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--before", type=Path, help="another source tree to count the same way")
    parser.add_argument(
        "--linted",
        action="store_true",
        help="the application's engine: the catalog linted, the linter's engine taken over",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.catalog, args.clicks, args.seed, args.linted)
        return
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (apt-get install valgrind)")
    how = "linted, the linter's engine" if args.linted else "a compiled engine"
    print(f"{args.catalog} ({how}), {args.clicks} clicks, seed {args.seed} (callgrind)\n")
    print("| tree | clicks | total | median click | p95 click | heaviest click |")
    print("|---|---:|---:|---:|---:|---:|")
    now = count(REPO, args.catalog, args.clicks, args.seed, args.linted)
    if args.before is not None:
        before = count(args.before.resolve(), args.catalog, args.clicks, args.seed, args.linted)
        print(_line(f"before ({args.before})", before))
        print(_line("this tree", now))
        print(f"\nthis tree / before, in total: {sum(now) / sum(before):.3f}")
    else:
        print(_line("this tree", now))


if __name__ == "__main__":
    main()
