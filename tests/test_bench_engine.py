"""The engine benchmark's verdict: how the click p95 is taken over runs and walks."""

from __future__ import annotations

from benchmarks.bench_engine import percentile, pooled_p95, walk_clicks


def test_a_walks_clicks_are_their_medians_over_the_runs() -> None:
    runs = [[1.0, 9.0, 3.0], [2.0, 1.0, 3.0], [3.0, 2.0, 30.0]]
    assert walk_clicks(runs) == [2.0, 2.0, 3.0]


def test_runs_that_clicked_differently_are_judged_by_the_slowest() -> None:
    runs = [[1.0, 2.0], [5.0, 6.0, 7.0]]
    assert walk_clicks(runs) == [5.0, 6.0, 7.0]


def test_the_p95_is_taken_over_every_walks_clicks_together() -> None:
    # One walk with three slow clicks of 50, three walks without: alone its p95 is slow,
    # together the slow clicks are 3 of 200 (1.5 %), so the p95 is a fast click.
    slow = [[1.0] * 47 + [10.0, 10.0, 10.0]]
    fast = [[1.0] * 50]
    pooled, each, clicks = pooled_p95([slow, fast, fast, fast])
    assert each == [10.0, 1.0, 1.0, 1.0]
    assert clicks == 200
    assert pooled == 1.0
    # Eleven slow clicks in 200 (over 5 %): the p95 is a slow one.
    slower = [[1.0] * 39 + [10.0] * 11]
    pooled, _, _ = pooled_p95([slower, fast, fast, fast])
    assert pooled == 10.0
    assert percentile([1.0] * 189 + [10.0] * 11, 95) == pooled
