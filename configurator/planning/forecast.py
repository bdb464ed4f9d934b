"""Weekly demand forecasts: Holt for regular series, Croston-SBA for intermittent ones.

A laptop shop sells a few popular options every week and many parts only now and then. One
method cannot serve both: smoothing with trend follows the busy series, but on a series that is
mostly zeros it forecasts a sawtooth that is wrong every week. So each series is first classified
by its average demand interval (ADI) and the squared coefficient of variation of its non-zero
sizes (CV²) after Syntetos and Boylan, then forecast with the method that suits it. Parameters
come from a few candidate values, chosen on the training weeks (one-step squared error); the last
weeks are held out and only judge the result (MAE, MASE, and the naive forecast's MAE on the same
weeks), so the published error is not flattered by the choice of parameters. Pure Python: four
passes over a few hundred weeks per series are cheap enough (benchmarks/results/planning.md).
Formulas: docs/planning.md.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from statistics import NormalDist

from configurator.errors import UserError
from configurator.planning.methods import (
    CROSTON_GRID,
    HOLT_ALPHAS,
    HOLT_BETAS,
    Fit,
    Series,
    croston_init,
    croston_pass,
    dense,
    events_of,
    holt_init,
    holt_pass,
    naive_mae,
)

ADI_CUTOFF = 1.32
CV2_CUTOFF = 0.49


class PlanningError(UserError):
    """Bad input to forecasting or replenishment (negative demand, bad settings ...)."""


class DemandPattern(StrEnum):
    """Syntetos-Boylan classes, plus NONE for a series without any demand."""

    SMOOTH = "smooth"
    ERRATIC = "erratic"
    INTERMITTENT = "intermittent"
    LUMPY = "lumpy"
    NONE = "none"


class Method(StrEnum):
    HOLT = "holt"
    CROSTON_SBA = "croston-sba"
    MEAN = "mean"
    """Fallback for short histories: the plain average with at least Poisson noise."""
    ZERO = "zero"
    """No demand at all (or no history): forecast zero and say so."""


@dataclass(frozen=True, slots=True)
class ForecastSettings:
    """How far to look ahead and how much history to hold out for judging the forecast."""

    horizon: int = 12
    holdout: int = 8
    band_level: float = 0.8
    min_weeks: int = 8

    def __post_init__(self) -> None:
        if self.horizon < 1:
            raise PlanningError(
                f"The forecast horizon must be at least 1 week, got {self.horizon}."
            )
        if self.holdout < 0:
            raise PlanningError(f"The held-out weeks cannot be negative, got {self.holdout}.")
        if not 0.0 < self.band_level < 1.0:
            raise PlanningError(
                f"The forecast band level must be between 0 and 1, got {self.band_level}.",
                hint="Use 0.8 for an 80 % band.",
            )
        if self.min_weeks < 2:
            raise PlanningError(f"min_weeks must be at least 2, got {self.min_weeks}.")


@dataclass(frozen=True, slots=True)
class Forecast:
    """One series' forecast: what was chosen, why, how good it was, and the band."""

    key: str
    history: tuple[float | None, ...]
    pattern: DemandPattern
    method: Method
    mean: tuple[float, ...]
    """Expected demand for each future week (week 1 = the week after the history)."""
    lower: tuple[float, ...]
    upper: tuple[float, ...]
    sigma: float
    """Standard deviation of the one-step (weekly) forecast error."""
    adi: float | None = None
    cv2: float | None = None
    params: Mapping[str, float] = field(default_factory=dict)
    mae: float | None = None
    """Mean absolute error of one-step forecasts on the held-out weeks."""
    mase: float | None = None
    """MAE divided by the in-sample MAE of the naive forecast ("next week = this week") on the
    training weeks (Hyndman's scale-free error)."""
    holdout_weeks: int = 0
    notes: tuple[str, ...] = ()
    naive_mae: float | None = None
    """MAE of the naive forecast on the same held-out weeks: the bar the method must beat."""

    @property
    def weekly(self) -> float:
        """Expected demand next week."""
        return self.mean[0]


def validate_series(key: str, values: Series) -> None:
    """Refuse negative, infinite or NaN demand, naming the series and the week."""
    full = dense(values)
    # fast path in C: NaN or inf makes the sum non-finite
    if full and math.isfinite(sum(full)) and min(full) >= 0:
        return
    for week, value in enumerate(values, start=1):
        if value is None:
            continue
        if not math.isfinite(value) or value < 0:
            raise PlanningError(
                f"Demand history of {key!r}: week {week} has the value {value!r}.",
                hint="Weekly demand must be a number of units, 0 or more; mark a week without "
                "data as missing (None), not as a negative or NaN value.",
            )


def classify(values: Series) -> tuple[DemandPattern, float | None, float | None]:
    """ADI (observed weeks per week with demand) and CV² of the non-zero sizes -> pattern."""
    full = dense(values)
    observed = full if full is not None else [v for v in values if v is not None]
    sizes = [v for v in observed if v > 0]
    if not sizes:
        return DemandPattern.NONE, None, None
    adi = len(observed) / len(sizes)
    mean = sum(sizes) / len(sizes)
    variance = max(0.0, sum(map(operator.mul, sizes, sizes)) / len(sizes) - mean * mean)
    square = mean * mean
    cv2 = variance / square if square > 0 else 0.0
    if adi > ADI_CUTOFF:
        pattern = DemandPattern.LUMPY if cv2 > CV2_CUTOFF else DemandPattern.INTERMITTENT
    else:
        pattern = DemandPattern.ERRATIC if cv2 > CV2_CUTOFF else DemandPattern.SMOOTH
    return pattern, adi, cv2


def _z(level: float) -> float:
    return NormalDist().inv_cdf(0.5 + level / 2.0)


def _naive_holdout_mae(values: Series, split: int) -> float | None:
    """MAE of 'next week = the last observed week' over the held-out weeks."""
    prev = next((v for v in reversed(values[:split]) if v is not None), None)
    total = 0.0
    count = 0
    for value in values[split:]:
        if value is None:
            continue
        if prev is not None:
            total += abs(value - prev)
            count += 1
        prev = value
    return total / count if count else None


def _split_index(values: Series, holdout: int) -> int:
    """The week index where the last `holdout` observed weeks begin."""
    if holdout <= 0:
        return len(values)
    seen = 0
    for index in range(len(values) - 1, -1, -1):
        if values[index] is not None:
            seen += 1
            if seen == holdout:
                return index
    return 0


def _band(
    mean: list[float], sigma: float, z: float, growth: list[float]
) -> tuple[tuple[float, ...], tuple[float, ...]]:
    lower = tuple(max(0.0, m - z * sigma * g) for m, g in zip(mean, growth, strict=True))
    upper = tuple(m + z * sigma * g for m, g in zip(mean, growth, strict=True))
    return lower, upper


def _fallback(
    key: str,
    values: Series,
    observed: Sequence[float],
    *,
    classified: tuple[DemandPattern, float | None, float | None],
    settings: ForecastSettings,
    notes: list[str],
) -> Forecast | None:
    """No demand at all (zero forecast) or too few weeks (plain average); None otherwise."""
    pattern, adi, cv2 = classified
    horizon = settings.horizon
    if pattern is DemandPattern.NONE:
        notes.append(
            "No order history: forecast is zero."
            if not observed
            else f"No demand in {len(observed)} week(s) of history: forecast is zero."
        )
        zeros = (0.0,) * horizon
        return Forecast(
            key=key,
            history=tuple(values),
            pattern=pattern,
            method=Method.ZERO,
            mean=zeros,
            lower=zeros,
            upper=zeros,
            sigma=0.0,
            adi=adi,
            cv2=cv2,
            notes=tuple(notes),
        )
    if len(observed) >= settings.min_weeks:
        return None
    average = sum(observed) / len(observed)
    spread = math.sqrt(sum((v - average) ** 2 for v in observed) / len(observed))
    sigma = max(spread, math.sqrt(average))
    mean = [average] * horizon
    lower, upper = _band(mean, sigma, _z(settings.band_level), [1.0] * horizon)
    notes.append(
        f"Only {len(observed)} week(s) of history (fewer than {settings.min_weeks}): "
        "forecast is the plain average, band assumes at least Poisson noise."
    )
    return Forecast(
        key=key,
        history=tuple(values),
        pattern=pattern,
        method=Method.MEAN,
        mean=tuple(mean),
        lower=lower,
        upper=upper,
        sigma=sigma,
        adi=adi,
        cv2=cv2,
        notes=tuple(notes),
    )


def _projection(
    method: Method, best: Fit, horizon: int, notes: list[str]
) -> tuple[list[float], list[float]]:
    """Mean per future week and the band's growth factor g_h (docs/planning.md)."""
    alpha = best.params["alpha"]
    if method is Method.HOLT:
        ab = alpha * best.params["beta"]
        raw = [best.level + k * best.trend for k in range(1, horizon + 1)]
        first_negative = next((k for k, m in enumerate(raw, start=1) if m < 0), None)
        if first_negative is not None:
            notes.append(f"The falling trend reaches zero in week {first_negative}; held at zero.")
        growth = []
        accumulated = 1.0  # 1 + sum over j < h of (alpha + j * alpha * beta)^2
        for h in range(1, horizon + 1):
            growth.append(math.sqrt(accumulated))
            accumulated += (alpha + h * ab) ** 2
        return [max(0.0, m) for m in raw], growth
    growth = [math.sqrt(1.0 + (h - 1) * alpha * alpha) for h in range(1, horizon + 1)]
    return [best.level] * horizon, growth


def forecast_series(key: str, values: Series, settings: ForecastSettings | None = None) -> Forecast:
    """Classify, fit, judge on held-out weeks and project one series; never returns NaN."""
    settings = settings or ForecastSettings()
    validate_series(key, values)
    full = dense(values)
    gapless = full is not None
    observed: Sequence[float] = full if full is not None else [v for v in values if v is not None]
    notes: list[str] = []
    gaps = len(values) - len(observed)
    if gaps:
        notes.append(f"{gaps} week(s) without data were skipped, not counted as zero demand.")
    pattern, adi, cv2 = classify(values)
    fallback = _fallback(
        key, values, observed, classified=(pattern, adi, cv2), settings=settings, notes=notes
    )
    if fallback is not None:
        return fallback

    holdout = min(settings.holdout, len(observed) // 4)
    split = _split_index(values, holdout)
    if holdout < settings.holdout:
        notes.append(
            f"History is short: {holdout} week(s) held out for the error instead of "
            f"{settings.holdout}."
        )
    fits: list[Fit]
    if pattern in (DemandPattern.SMOOTH, DemandPattern.ERRATIC):
        method = Method.HOLT
        level0, trend0 = holt_init(values)

        def holt(alpha: float, beta: float) -> Fit:
            return holt_pass(
                values, split, alpha=alpha, beta=beta, level=level0, trend=trend0, gapless=gapless
            )

        fits = [holt(a, HOLT_BETAS[0]) for a in HOLT_ALPHAS]
        alpha = min(fits, key=lambda f: f.score).params["alpha"]
        fits += [holt(alpha, b) for b in HOLT_BETAS[1:]]
    else:
        method = Method.CROSTON_SBA
        size0, interval0 = croston_init(values, split)
        events = events_of(values, split)
        fits = [croston_pass(events, alpha=a, size=size0, interval=interval0) for a in CROSTON_GRID]
    best = min(fits, key=lambda f: f.score)  # training weeks only: held-out weeks just judge
    sigma = math.sqrt(best.sse / best.n) if best.n else 0.0
    mean, growth = _projection(method, best, settings.horizon, notes)
    lower, upper = _band(mean, sigma, _z(settings.band_level), growth)
    mae = best.hold_abs / best.hold_n if best.hold_n else None
    mase: float | None = None
    if mae is not None:
        scale = naive_mae(values, split, gapless=gapless)
        if scale and math.isfinite(mae / scale):
            mase = mae / scale
        else:
            notes.append("MASE undefined: the naive forecast has no error on the training weeks.")
    else:
        notes.append("Too little history to hold weeks out: no error measured.")
    return Forecast(
        key=key,
        history=tuple(values),
        pattern=pattern,
        method=method,
        mean=tuple(mean),
        lower=lower,
        upper=upper,
        sigma=sigma,
        adi=adi,
        cv2=cv2,
        params=best.params,
        mae=mae,
        mase=mase,
        holdout_weeks=best.hold_n,
        notes=tuple(notes),
        naive_mae=_naive_holdout_mae(values, split) if mae is not None else None,
    )


def forecast_many(
    series: Mapping[str, Series], settings: ForecastSettings | None = None
) -> dict[str, Forecast]:
    """Forecast every series (options or components), keyed like the input."""
    settings = settings or ForecastSettings()
    return {key: forecast_series(key, values, settings) for key, values in series.items()}
