"""How long loading and checking a catalog takes (the figures in docs/catalog-extensions.md).

    .venv/bin/python -m benchmarks.bench_catalog            # demo + 40 groups / 400 rules
    .venv/bin/python -m benchmarks.bench_catalog --large    # also 100 groups / 4,000 rules

`load` is `load_catalog` (every error check, as the app does at start-up); `check` is
`check_catalog_file` with the solver-backed warnings (what `configurator catalog check` runs).
Medians of `--repeat` runs, wall-clock and CPU time.
Generated catalogs: random pairwise `forbid` rules between groups of N options, every option a
part, one default per group, written to a temporary file first.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from configurator.catalog.loader import check_catalog_file, load_catalog
from configurator.paths import demo_catalog_path
from tests.helpers.catalogs import catalog_toml, group, option, rule


def generated(groups: int, options: int, rules: int, seed: int = 7) -> str:
    rnd = random.Random(seed)
    spec = [
        group(
            f"g{g}",
            *(
                option(
                    f"o{o}",
                    f"{rnd.randint(0, 300)}.00",
                    default=o == 0,
                    attrs={"w": rnd.randint(1, 60)},
                )
                for o in range(options)
            ),
        )
        for g in range(groups)
    ]
    made = []
    for index in range(rules):
        a, b = rnd.sample(range(groups), 2)
        x, y = rnd.randrange(1, options), rnd.randrange(1, options)
        made.append(rule(f"r{index}", forbid=f"g{a} == 'o{x}' and g{b} == 'o{y}'"))
    return catalog_toml(spec, made, catalog_id=f"gen-{groups}x{options}-{rules}")


def timed(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall time and median CPU time of this process, in seconds.

    On a shared machine the CPU time is the steadier figure; the wall time is what a user waits.
    """
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def measure(name: str, path: Path, repeat: int) -> None:
    load_wall, load_cpu = timed(lambda: load_catalog(path), repeat)
    report = check_catalog_file(path)
    check_wall, check_cpu = timed(lambda: check_catalog_file(path), repeat)
    print(
        f"| {name} | {load_wall * 1000:.0f} ({load_cpu * 1000:.0f}) | "
        f"{check_wall * 1000:.0f} ({check_cpu * 1000:.0f}) | "
        f"{len(report.errors)} / {len(report.warnings)} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", action="store_true", help="also 100 groups / 4,000 rules")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print("| catalog | load ms: wall (CPU) | check ms: wall (CPU) | errors / warnings |")
    print("| --- | --- | --- | --- |")
    measure("demo (aurora-2026)", demo_catalog_path(), args.repeat)
    sizes = [(40, 10, 400)] + ([(100, 10, 4000)] if args.large else [])
    with tempfile.TemporaryDirectory() as folder:
        for groups, options, rules in sizes:
            path = Path(folder) / f"gen-{groups}-{rules}.toml"
            path.write_text(generated(groups, options, rules), encoding="utf-8")
            repeat = args.repeat if rules < 1000 else max(1, args.repeat // 2)
            measure(f"{groups} groups x {options} options, {rules} rules", path, repeat)


if __name__ == "__main__":
    main()
