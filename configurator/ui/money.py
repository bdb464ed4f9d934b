"""Money on screen written exactly as on the shop's documents ("1.038,00 €" for de_DE).

The GUI uses the documents' own `Formatter` (babel, the shop's locale and currency from
shop.toml), so a clerk reads the same figure on screen that the customer reads on the quote.
"""

from __future__ import annotations

import logging
from decimal import Decimal

log = logging.getLogger(__name__)


class Money:
    """Formats amounts and price differences for one shop (locale + currency)."""

    def __init__(self, locale: str, currency: str) -> None:
        from configurator.documents.format import DocumentError, Formatter
        from configurator.documents.model import Locale

        self.currency = currency
        try:
            self._formatter: Formatter | None = Formatter(Locale(locale, currency))
        except DocumentError as exc:
            # The documents refuse to render with this setting and say why; the counter keeps
            # working with a plain format meanwhile.
            log.warning("%s %s", exc.message, exc.hint or "")
            self._formatter = None

    def amount(self, value: Decimal) -> str:
        if self._formatter is None:
            return f"{value:,.2f} {self.currency}"
        return self._formatter.money(value)

    def delta(self, value: Decimal) -> str:
        """A price difference: "+90,00 €", "−45,00 €", or "incl." when it costs nothing more."""
        if value == 0:
            return "incl."
        sign = "+" if value > 0 else "−"
        return sign + self.amount(abs(value))
