"""Forecasts against series whose right answer is known: constant, trend, intermittent."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from configurator.planning.forecast import (
    DemandPattern,
    ForecastSettings,
    Method,
    PlanningError,
    classify,
    forecast_many,
    forecast_series,
)


def test_constant_series_is_forecast_exactly_with_a_zero_width_band() -> None:
    result = forecast_series("RAM-16", [5.0] * 40)
    assert result.pattern is DemandPattern.SMOOTH
    assert result.method is Method.HOLT
    assert result.mean == pytest.approx((5.0,) * 12)
    assert result.sigma == pytest.approx(0.0, abs=1e-9)
    assert result.lower == pytest.approx(result.mean)
    assert result.upper == pytest.approx(result.mean)
    assert result.mae == pytest.approx(0.0, abs=1e-9)
    assert result.holdout_weeks == 8
    # the naive forecast is perfect on a constant series, so MASE has no scale: said, not NaN
    assert result.mase is None
    assert any("MASE undefined" in note for note in result.notes)


def test_linear_trend_is_continued_exactly() -> None:
    series = [2.0 + 0.5 * week for week in range(30)]
    result = forecast_series("SSD-1TB", series, ForecastSettings(horizon=4))
    assert result.method is Method.HOLT
    assert result.mean == pytest.approx([17.0, 17.5, 18.0, 18.5])
    assert result.mae == pytest.approx(0.0, abs=1e-9)
    assert result.mase == pytest.approx(0.0, abs=1e-9)


def test_falling_trend_stops_at_zero_and_says_so() -> None:
    series = [30.0 - week for week in range(28)]  # 30 ... 3, next weeks 2, 1, 0, -1
    result = forecast_series("BAT-54", series, ForecastSettings(horizon=6))
    assert result.mean[:3] == pytest.approx([2.0, 1.0, 0.0], abs=1e-9)
    assert result.mean[3:] == (0.0, 0.0, 0.0)
    assert any("reaches zero in week 4" in note for note in result.notes)


def test_regular_intermittent_series_uses_croston_sba() -> None:
    series = [3.0 if week % 4 == 3 else 0.0 for week in range(52)]
    pattern, adi, cv2 = classify(series)
    assert pattern is DemandPattern.INTERMITTENT
    assert adi == pytest.approx(4.0)
    assert cv2 == pytest.approx(0.0)
    result = forecast_series("PNL-14-OLED", series)
    assert result.method is Method.CROSTON_SBA
    alpha = result.params["alpha"]
    # size 3 every 4 weeks: rate 0.75 per week, times the SBA correction (1 - alpha/2)
    assert result.mean[0] == pytest.approx((1 - alpha / 2) * 3 / 4)
    assert len(set(result.mean)) == 1  # Croston forecasts a flat rate
    assert result.lower[0] == 0.0
    assert result.upper[0] > result.mean[0]


def test_lumpy_and_erratic_are_told_apart() -> None:
    lumpy = [0.0, 0.0, 1.0, 0.0, 0.0, 9.0, 0.0, 0.0, 2.0, 0.0, 0.0, 14.0] * 3
    assert classify(lumpy)[0] is DemandPattern.LUMPY
    erratic = [1.0, 12.0, 2.0, 15.0, 1.0, 10.0] * 5
    assert classify(erratic)[0] is DemandPattern.ERRATIC
    assert forecast_series("x", erratic).method is Method.HOLT
    assert forecast_series("y", lumpy).method is Method.CROSTON_SBA


def test_no_history_falls_back_to_zero_and_says_so() -> None:
    result = forecast_series("KBD-NO", [])
    assert result.method is Method.ZERO
    assert result.mean == (0.0,) * 12
    assert result.notes == ("No order history: forecast is zero.",)
    quiet = forecast_series("KBD-DK", [0.0] * 20)
    assert quiet.method is Method.ZERO
    assert "No demand in 20 week(s)" in quiet.notes[0]


def test_short_history_uses_the_average_with_poisson_noise() -> None:
    result = forecast_series("GPU-4070", [4.0, 4.0, 4.0])
    assert result.method is Method.MEAN
    assert result.mean[0] == pytest.approx(4.0)
    assert result.sigma == pytest.approx(2.0)  # sqrt(4): identical weeks prove little
    assert "Only 3 week(s)" in result.notes[0]


def test_gaps_are_skipped_not_counted_as_zero() -> None:
    series: list[float | None] = [2.0 + 0.5 * week for week in range(30)]
    series[10] = None
    series[11] = None
    result = forecast_series("SSD-2TB", series, ForecastSettings(horizon=2))
    assert result.mean == pytest.approx([17.0, 17.5])
    assert "2 week(s) without data" in result.notes[0]


@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf])
def test_bad_values_are_refused_naming_the_week(bad: float) -> None:
    with pytest.raises(PlanningError, match=r"'CHS-14'.*week 3"):
        forecast_series("CHS-14", [1.0, 2.0, bad, 4.0])


def test_bad_settings_are_refused() -> None:
    with pytest.raises(PlanningError, match="horizon"):
        ForecastSettings(horizon=0)
    with pytest.raises(PlanningError, match="band level"):
        ForecastSettings(band_level=1.0)


def test_mase_is_mae_over_the_naive_training_error() -> None:
    series = [float(v) for v in (5, 7, 6, 9, 8, 10, 9, 12, 11, 13, 12, 15, 14, 16, 15, 18) * 2]
    result = forecast_series("MB-AMD", series, ForecastSettings(holdout=4))
    training = series[:-4]
    naive = sum(abs(b - a) for a, b in itertools.pairwise(training)) / (len(training) - 1)
    assert result.mae is not None
    assert result.mase == pytest.approx(result.mae / naive)
    assert result.holdout_weeks == 4
    # the naive forecast on the same held-out weeks: 15 -> 14, 14 -> 16, 16 -> 15, 15 -> 18
    assert result.naive_mae == pytest.approx((1 + 2 + 1 + 3) / 4)


def test_forecast_many_keeps_the_keys() -> None:
    result = forecast_many({"a": [1.0] * 10, "b": []})
    assert set(result) == {"a", "b"}
    assert result["b"].method is Method.ZERO


weeks = st.lists(
    st.one_of(st.none(), st.floats(min_value=0, max_value=1e4, allow_nan=False)),
    max_size=80,
)


@settings(max_examples=150, deadline=None)
@given(weeks)
def test_any_valid_history_gives_a_finite_ordered_band(series: list[float | None]) -> None:
    result = forecast_series("p", series, ForecastSettings(horizon=5))
    assert len(result.mean) == len(result.lower) == len(result.upper) == 5
    for low, mid, high in zip(result.lower, result.mean, result.upper, strict=True):
        assert all(math.isfinite(v) for v in (low, mid, high))
        assert 0.0 <= low <= mid + 1e-9
        assert mid <= high + 1e-9
    assert math.isfinite(result.sigma)
    for value in (result.mae, result.mase):
        assert value is None or math.isfinite(value)


def test_holt_band_widens_like_the_ets_variance() -> None:
    from statistics import NormalDist

    series = [10.0, 12.0, 9.0, 14.0, 11.0, 13.0, 10.0, 15.0, 12.0, 14.0] * 3
    result = forecast_series("noisy", series, ForecastSettings(horizon=5, band_level=0.9))
    assert result.method is Method.HOLT
    alpha, beta = result.params["alpha"], result.params["beta"]
    z = NormalDist().inv_cdf(0.95)
    for h in range(1, 6):
        growth = math.sqrt(1 + sum((alpha + j * alpha * beta) ** 2 for j in range(1, h)))
        half = result.upper[h - 1] - result.mean[h - 1]
        assert half == pytest.approx(z * result.sigma * growth)
