"""The shop's own settings: letterhead, tax, locale, workshop calendar and approval limits.

They live in `shop.toml` in the data folder (copied from the demo settings on first start) so
that an owner can edit them with any text editor; the core reads them through `ShopSettings`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from configurator.errors import UserError


@dataclass(frozen=True, slots=True)
class WorkshopCalendar:
    """When the workshop assembles: working weekdays (0 = Monday), hours, holidays."""

    working_weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    hours_per_day: Decimal = Decimal("7.5")
    assemblers: int = 1
    holidays: frozenset[date] = frozenset()
    handover_days: int = 1
    """Working days between the end of assembly and handover (QC, burn-in, packing)."""

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.working_weekdays and day not in self.holidays

    @property
    def minutes_per_day(self) -> int:
        return int(self.hours_per_day * 60) * self.assemblers


@dataclass(frozen=True, slots=True)
class ShopSettings:
    """Everything about the shop that documents, pricing and planning need."""

    name: str = "Configurator demo shop"
    address: tuple[str, ...] = ()
    vat_id: str = ""
    phone: str = ""
    email: str = ""
    logo: Path | None = None
    locale: str = "de_DE"
    currency: str = "EUR"
    vat_rate: Decimal = Decimal("0.19")
    quote_validity_days: int = 14
    discount_limit_percent: Decimal = Decimal("5")
    """Discounts above this need a manager's PIN."""
    terms: str = ""
    service_level: Decimal = Decimal("0.95")
    """Target probability of not running out during a lead time (replenishment)."""
    calendar: WorkshopCalendar = field(default_factory=WorkshopCalendar)
    catalog_file: Path | None = None
    """The shop's own catalog; None means the demo catalog shipped with the app."""


def _decimal(data: dict[str, Any], key: str, default: Decimal, source: Path) -> Decimal:
    raw = data.get(key)
    if raw is None:
        return default
    try:
        return Decimal(str(raw))
    except InvalidOperation as exc:
        raise UserError(
            f"{source}: '{key}' must be a number, got {raw!r}.",
            hint='Write it as a decimal string such as "0.19".',
        ) from exc


def load_shop_settings(path: Path) -> ShopSettings:
    """Read shop.toml; a broken file is a clear error naming the file and the key."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return ShopSettings()
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UserError(
            f"{path}: the shop settings cannot be read: {exc}.",
            hint="Fix the file, or delete it to get the defaults back.",
        ) from exc
    shop = data.get("shop", {})
    cal = data.get("workshop", {})
    try:
        holidays = frozenset(
            h if isinstance(h, date) else date.fromisoformat(str(h))
            for h in cal.get("holidays", [])
        )
    except ValueError as exc:
        raise UserError(
            f"{path}: [workshop] holidays must be dates like 2026-12-25: {exc}."
        ) from exc
    logo_raw = shop.get("logo")
    logo = None
    if logo_raw:
        logo = Path(logo_raw)
        if not logo.is_absolute():
            logo = path.parent / logo
    catalog_raw = shop.get("catalog")
    catalog_file = None
    if catalog_raw:
        catalog_file = Path(catalog_raw)
        if not catalog_file.is_absolute():
            catalog_file = path.parent / catalog_file
    calendar = WorkshopCalendar(
        working_weekdays=frozenset(int(d) for d in cal.get("working_weekdays", [0, 1, 2, 3, 4])),
        hours_per_day=_decimal(cal, "hours_per_day", Decimal("7.5"), path),
        assemblers=int(cal.get("assemblers", 1)),
        holidays=holidays,
        handover_days=int(cal.get("handover_days", 1)),
    )
    return ShopSettings(
        name=str(shop.get("name", "Configurator demo shop")),
        address=tuple(str(line) for line in shop.get("address", [])),
        vat_id=str(shop.get("vat_id", "")),
        phone=str(shop.get("phone", "")),
        email=str(shop.get("email", "")),
        logo=logo,
        locale=str(shop.get("locale", "de_DE")),
        currency=str(shop.get("currency", "EUR")),
        vat_rate=_decimal(shop, "vat_rate", Decimal("0.19"), path),
        quote_validity_days=int(shop.get("quote_validity_days", 14)),
        discount_limit_percent=_decimal(shop, "discount_limit_percent", Decimal("5"), path),
        terms=str(shop.get("terms", "")),
        service_level=_decimal(shop, "service_level", Decimal("0.95"), path),
        calendar=calendar,
        catalog_file=catalog_file,
    )
