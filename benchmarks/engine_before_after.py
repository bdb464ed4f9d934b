"""Engine before/after: the benchmark's click walk on two source trees, alternating, CPU time.

    git archive COMMIT | tar -x -C BEFORE_DIR        # the tree to compare with
    .venv/bin/python -m benchmarks.engine_before_after --before BEFORE_DIR [--rounds 2]

Each run is its own process on its own tree (its own `benchmarks.bench_engine.walk`, same seed),
before and after alternate so that both see the same machine load; CPU time per click of that
process. "full" = the pick plus every excluded option's explanation, "lazy" = the pick alone.
Prints a Markdown table. Compare like with like: a tree runs its engine compiled only where
`packaging/native.py` was run in it (see `configurator version`); set
`CONFIGURATOR_PURE_PYTHON=1` to run both from their sources.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

_CHILD = """
import json, statistics, sys
sys.path.insert(0, sys.argv[1])
from benchmarks.bench_engine import load, percentile, walk
from configurator.rules.engine import Engine
engine = Engine(load(sys.argv[2]))
result = walk(engine, int(sys.argv[3]), int(sys.argv[4]))
full, lazy = result["click_cpu"], result["lazy_cpu"]
print(json.dumps([statistics.median(full), percentile(full, 95),
                  statistics.median(lazy), percentile(lazy, 95)]))
"""


def run(tree: Path, catalog: str, clicks: int, seed: int) -> list[float]:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(tree), catalog, str(clicks), str(seed)],
        cwd=tree,
        capture_output=True,
        text=True,
        check=True,
    )
    figures: list[float] = json.loads(out.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="source tree to compare with")
    parser.add_argument("--after", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--catalogs", default="demo:1000,large:50", help="name:clicks,...")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(
        "| catalog | clicks | round | load | before: full p50 / p95 | after: full p50 / p95 "
        "| before: lazy p50 / p95 | after: lazy p50 / p95 |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for item in args.catalogs.split(","):
        name, clicks = item.split(":")
        for round_ in range(1, args.rounds + 1):
            before = run(args.before, name, int(clicks), args.seed)
            after = run(args.after, name, int(clicks), args.seed)
            loadavg = Path("/proc/loadavg")
            load = loadavg.read_text().split()[0] if loadavg.exists() else "?"
            cells = [
                f"{b * 1000:.2f} / {p * 1000:.2f}"
                for b, p in (
                    (before[0], before[1]),
                    (after[0], after[1]),
                    (before[2], before[3]),
                    (after[2], after[3]),
                )
            ]
            print(
                f"| {name} | {clicks} | {round_} | {load} | " + " | ".join(cells) + " |", flush=True
            )


if __name__ == "__main__":
    main()
