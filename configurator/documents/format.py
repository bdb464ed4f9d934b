"""Money, percentages and dates written the way the shop's customers read them (babel).

One `Formatter` per document: it checks the locale once, so a typo in shop.toml is a clear
error before anything is rendered, not a traceback from deep inside a table.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel import Locale as BabelLocale
from babel import UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

from configurator.documents.model import Locale
from configurator.errors import UserError


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
        return format_currency(amount, self.currency, locale=self._locale)

    def percent(self, rate: Decimal) -> str:
        """A rate such as 0.19 or 0.075, with as many decimals as it has (19 %, 7,5 %)."""
        return format_percent(rate, locale=self._locale, decimal_quantization=False)

    def number(self, value: Decimal | int) -> str:
        return format_decimal(value, locale=self._locale)

    def date(self, day: dt.date) -> str:
        """The locale's medium date: 03.12.2026, Dec 3, 2026, 3 Dec 2026."""
        return format_date(day, "medium", locale=self._locale)

    def long_date(self, day: dt.date) -> str:
        """With the weekday, for handover dates: Thursday, 3 December 2026."""
        return format_date(day, "full", locale=self._locale)
