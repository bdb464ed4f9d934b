"""The smoothing methods themselves: one pass over a series per grid point.

Kept apart from `forecast` (which classifies, chooses and projects) because these loops are the
hot path of the benchmark: each is written as a tight loop over plain floats, with a fast path
for series without gaps and Croston skipping runs of zero weeks in O(1).
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress
from typing import cast

Series = Sequence[float | None]
"""Weekly demand, oldest first; None marks a week without data (a gap), 0 a week without sales."""

HOLT_ALPHAS: tuple[float, ...] = (0.1, 0.25, 0.5)
HOLT_BETAS: tuple[float, ...] = (0.05, 0.2)
"""Searched coordinate-wise: alpha at the first beta, then the other betas at the best alpha
(4 passes instead of 6; on the benchmark's 1,979 regular series the held-out error is the same)."""
CROSTON_GRID: tuple[float, ...] = (0.05, 0.1, 0.2, 0.3)
INIT_WEEKS = 8
"""Holt starts from a least-squares line through the first weeks (exact on a linear series)."""


def dense(values: Series) -> Sequence[float] | None:
    """The series itself when it has no gaps (so loops can skip the None test), else None.

    Summing is the quickest test in CPython: `sum` runs in C and fails on the first None,
    while `None in values` compares every float with None through the slow fallback path.
    """
    try:
        sum(values)  # type: ignore[arg-type]
    except TypeError:
        return None
    return cast(Sequence[float], values)


@dataclass(slots=True)
class Fit:
    train_sse: float
    train_n: int
    hold_abs: float
    hold_n: int
    sse: float
    n: int
    level: float
    trend: float
    params: dict[str, float]

    @property
    def score(self) -> float:
        if self.train_n:
            return self.train_sse / self.train_n
        return self.sse / self.n if self.n else 0.0


def _known_dense(values: Series, gapless: bool | None) -> Sequence[float] | None:
    """`dense`, skipping the scan when the caller already knows (None: find out)."""
    if gapless is None:
        return dense(values)
    return cast(Sequence[float], values) if gapless else None


def naive_mae(values: Series, stop: int, *, gapless: bool | None = None) -> float | None:
    """In-sample MAE of 'next week = this week' over consecutive observed training weeks."""
    full = (
        dense(values) if gapless is None else (cast(Sequence[float], values) if gapless else None)
    )
    if full is not None:
        part = full[:stop]
        count = len(part) - 1
        if count < 1:
            return None
        total: float = sum(map(abs, map(operator.sub, part[1:], part[:-1])))
        return total / count
    prev: float | None = None
    total = 0.0
    count = 0
    for value in values[:stop]:
        if value is None:
            continue
        if prev is not None:
            total += abs(value - prev)
            count += 1
        prev = value
    return total / count if count else None


def holt_init(values: Series) -> tuple[float, float]:
    """Level and trend *before* week 0 from a least-squares line through the first weeks."""
    points = [(i, v) for i, v in enumerate(values) if v is not None][:INIT_WEEKS]
    n = len(points)
    mean_x = sum(p[0] for p in points) / n
    mean_y = sum(p[1] for p in points) / n
    sxx = sum((p[0] - mean_x) ** 2 for p in points)
    slope = sum((p[0] - mean_x) * (p[1] - mean_y) for p in points) / sxx if sxx else 0.0
    intercept = mean_y - slope * mean_x
    return intercept - slope, slope


def holt_pass(
    values: Series,
    split: int,
    *,
    alpha: float,
    beta: float,
    level: float,
    trend: float,
    gapless: bool | None = None,
) -> Fit:
    """Holt's linear method in error-correction form, one-step errors collected on the way."""
    ab = alpha * beta
    full = (
        dense(values) if gapless is None else (cast(Sequence[float], values) if gapless else None)
    )
    if full is not None:  # the common case: a tight loop without the gap test
        train_sse = 0.0
        for y in full[:split]:
            e = y - level - trend
            train_sse += e * e
            level += trend + alpha * e
            trend += ab * e
        hold_abs = 0.0
        hold_sse = 0.0
        for y in full[split:]:
            e = y - level - trend
            hold_abs += abs(e)
            hold_sse += e * e
            level += trend + alpha * e
            trend += ab * e
        train_n = split
        hold_n = len(full) - split
    else:
        train_sse = hold_abs = hold_sse = 0.0
        train_n = hold_n = 0
        for index, value in enumerate(values):
            forecast = level + trend
            if value is None:
                level = forecast
                continue
            e = value - forecast
            if index < split:
                train_sse += e * e
                train_n += 1
            else:
                hold_abs += abs(e)
                hold_sse += e * e
                hold_n += 1
            level = forecast + alpha * e
            trend += ab * e
    return Fit(
        train_sse,
        train_n,
        hold_abs,
        hold_n,
        train_sse + hold_sse,
        train_n + hold_n,
        level,
        trend,
        {"alpha": alpha, "beta": beta},
    )


def croston_init(values: Series, split: int) -> tuple[float, float]:
    """Mean non-zero size and mean interval from the training weeks (all weeks if none)."""
    for part in (values[:split], values):
        observed = [v for v in part if v is not None]
        sizes = [v for v in observed if v > 0]
        if sizes:
            return sum(sizes) / len(sizes), len(observed) / len(sizes)
    return 0.0, 1.0


@dataclass(frozen=True, slots=True)
class Events:
    """A series as runs of zero weeks before each demand, so Croston skips the zeros in O(1)."""

    train: tuple[tuple[int, float], ...]
    train_tail: int
    hold: tuple[tuple[int, float], ...]
    hold_tail: int
    train_n: int
    hold_n: int


def _runs(part: Series) -> tuple[tuple[tuple[int, float], ...], int, int]:
    """(zeros before each demand, demand) pairs, trailing zeros, observed weeks."""
    full = dense(part)
    if full is not None:  # in C: positions of the non-zero weeks, then the gaps between them
        where = list(compress(range(len(full)), full))
        sizes = [full[i] for i in where]
        before = list(map(operator.sub, where, [-1, *where[:-1]]))
        pairs = tuple(zip([b - 1 for b in before], sizes, strict=True))
        tail = len(full) - 1 - where[-1] if where else len(full)
        return pairs, tail, len(full)
    out: list[tuple[int, float]] = []
    zeros = 0
    count = 0
    for y in part:
        if y is None:
            continue
        count += 1
        if y > 0:
            out.append((zeros, y))
            zeros = 0
        else:
            zeros += 1
    return tuple(out), zeros, count


def events_of(values: Series, split: int) -> Events:
    train, train_tail, train_n = _runs(values[:split])
    hold, hold_tail, hold_n = _runs(values[split:])
    return Events(train, train_tail, hold, hold_tail, train_n, hold_n)


def croston_pass(events: Events, *, alpha: float, size: float, interval: float) -> Fit:
    """Croston with the Syntetos-Boylan bias correction (1 - alpha/2).

    A zero week's error is just minus the current forecast, so a run of k zeros adds
    k * forecast² to the squared error without a loop.
    """
    sba = 1.0 - alpha / 2.0
    forecast = sba * size / interval
    since = 1
    train_sse = 0.0
    for zeros, y in events.train:
        since += zeros
        e = y - forecast
        train_sse += zeros * forecast * forecast + e * e
        size += alpha * (y - size)
        interval += alpha * (since - interval)
        since = 1
        forecast = sba * size / interval
    train_sse += events.train_tail * forecast * forecast
    since += events.train_tail
    hold_abs = 0.0
    hold_sse = 0.0
    for zeros, y in events.hold:
        since += zeros
        e = y - forecast
        hold_abs += zeros * forecast + abs(e)
        hold_sse += zeros * forecast * forecast + e * e
        size += alpha * (y - size)
        interval += alpha * (since - interval)
        since = 1
        forecast = sba * size / interval
    hold_abs += events.hold_tail * forecast
    hold_sse += events.hold_tail * forecast * forecast
    return Fit(
        train_sse,
        events.train_n,
        hold_abs,
        events.hold_n,
        train_sse + hold_sse,
        events.train_n + events.hold_n,
        forecast,
        0.0,
        {"alpha": alpha},
    )
