"""Money, percentages and dates written the way the shop's customers read them (babel).

One `Formatter` per document: it checks the locale once, so a typo in shop.toml is a clear
error before anything is rendered, not a traceback from deep inside a table.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache

from babel import Locale as BabelLocale
from babel import UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

from configurator.documents.model import Locale
from configurator.errors import UserError

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_SHORT_DATE = re.compile(
    r"\b(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) )?(?P<day>\d{1,2}) (?P<month>"
    + "|".join(_MONTHS)
    + r")\b(?: (?P<year>\d{4})\b)?"
)


class DocumentError(UserError):
    """A document cannot be made or saved (bad settings, unwritable folder, bad input)."""


class Formatter:
    """Formats values for one locale and currency."""

    def __init__(self, locale: Locale) -> None:
        try:
            self._locale = BabelLocale.parse(locale.locale)
        except (UnknownLocaleError, ValueError, TypeError) as exc:
            raise DocumentError(
                f"The shop's locale {locale.locale!r} is not known.",
                hint='Set [shop] locale in shop.toml to a locale such as "de_DE" or "en_US".',
            ) from exc
        self.currency = locale.currency.upper()
        if len(self.currency) != 3 or not self.currency.isalpha():
            raise DocumentError(
                f"The currency {locale.currency!r} is not an ISO 4217 code.",
                hint='Set [shop] currency in shop.toml to a code such as "EUR" or "USD".',
            )

    def money(self, amount: Decimal) -> str:
        return _money(str(amount), self.currency, self._locale)

    def percent(self, rate: Decimal) -> str:
        """A rate such as 0.19 or 0.075, with as many decimals as it has (19 %, 7,5 %)."""
        return _percent(str(rate), self._locale)

    def number(self, value: Decimal | int) -> str:
        return _number(str(value), self._locale)

    def date(self, day: dt.date) -> str:
        """The locale's medium date: 03.12.2026, Dec 3, 2026, 3 Dec 2026."""
        return _date(day, self._locale)

    def dates_in(self, text: str, near: dt.date) -> str:
        """`text` with the English short dates other modules write into explanations ("Thu 3
        Dec", "3 Dec 2027") in this document's date style, so one document never mixes two.

        A date without a year is taken in the year that puts it closest to `near`.
        """

        def local(match: re.Match[str]) -> str:
            day, month = int(match["day"]), _MONTHS.index(match["month"]) + 1
            years = [int(match["year"])] if match["year"] else [near.year + d for d in (-1, 0, 1)]
            candidates = []
            for year in years:
                try:
                    candidates.append(dt.date(year, month, day))
                except ValueError:
                    continue
            if not candidates:
                return match.group(0)
            return self.date(min(candidates, key=lambda c: abs((c - near).days)))

        return _SHORT_DATE.sub(local, text)


# babel takes a tenth of a millisecond per value, and documents print the same prices and
# dates again and again. Keys are the values' text, so 2 and 2.0 stay different numbers.
@lru_cache(maxsize=4096)
def _money(amount: str, currency: str, locale: BabelLocale) -> str:
    return format_currency(Decimal(amount), currency, locale=locale)


@lru_cache(maxsize=256)
def _percent(rate: str, locale: BabelLocale) -> str:
    return format_percent(Decimal(rate), locale=locale, decimal_quantization=False)


@lru_cache(maxsize=1024)
def _number(value: str, locale: BabelLocale) -> str:
    return format_decimal(Decimal(value), locale=locale)


@lru_cache(maxsize=1024)
def _date(day: dt.date, locale: BabelLocale) -> str:
    return format_date(day, "medium", locale=locale)
