"""From the core's objects (catalog, picks, bill of material, shop settings) to document data.

All decisions a document shows are made here, not in the renderers: the priced lines, VAT and
gross, the pick list in picking order, the assembly steps in the order the parts go in and the
quality checks. Prices in the catalog are net; VAT is rounded half-up to the cent on the net sum
(one rounding per document, so lines and totals always add up).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from configurator.catalog.model import Catalog, Option, PartQty, Picks
from configurator.documents.checks import derived_checks, merge_checks
from configurator.documents.format import DocumentError
from configurator.documents.model import (
    AssemblySheet,
    CatalogRef,
    ConfigLine,
    ConfirmationDocument,
    Customer,
    Discount,
    Locale,
    Offer,
    PartStatus,
    PickLine,
    Promise,
    QuoteDocument,
    ShopHeader,
    Totals,
)
from configurator.documents.sequence import assembly_order
from configurator.orders import pricing
from configurator.shop import ShopSettings

CENT = Decimal("0.01")
PRICES_INCLUDE_VAT = True
"""Catalog prices include VAT, as the orders store them (configurator.orders.pricing) and as
the demo shop's terms say; documents follow the store so a quote and its order agree."""
UNKNOWN_BIN = "?"


def shop_header(settings: ShopSettings) -> ShopHeader:
    return ShopHeader(
        name=settings.name,
        address=settings.address,
        vat_id=settings.vat_id,
        phone=settings.phone,
        email=settings.email,
        logo=settings.logo,
    )


def document_locale(settings: ShopSettings, catalog: Catalog | None = None) -> Locale:
    """The shop's locale and currency; a catalog priced in another currency is refused."""
    if catalog is not None and catalog.currency.upper() != settings.currency.upper():
        raise DocumentError(
            f"The catalog {catalog.id} is priced in {catalog.currency}, "
            f"but the shop invoices in {settings.currency}.",
            hint="Set [shop] currency in shop.toml to the catalog's currency, "
            "or use a catalog priced in the shop's currency.",
        )
    return Locale(settings.locale, settings.currency)


def catalog_ref(catalog: Catalog) -> CatalogRef:
    return CatalogRef(catalog.id, catalog.name, catalog.short_version or "unversioned")


def config_lines(catalog: Catalog, picks: Picks) -> tuple[ConfigLine, ...]:
    """One line per picked option, in the catalog's group order ("none" picks are skipped)."""
    lines: list[ConfigLine] = []
    for group in catalog.groups:
        value = picks.get(group.id)
        if value is None:
            continue
        if isinstance(value, str):
            option = _option(catalog, group.id, value)
            lines.append(ConfigLine(group.label, option.label, 1, option.price))
            continue
        for option_id, qty in value.items():
            if qty <= 0:
                continue
            option = _option(catalog, group.id, option_id)
            lines.append(ConfigLine(group.label, option.label, qty, option.price))
    unknown = sorted(set(picks) - {g.id for g in catalog.groups})
    if unknown:
        raise DocumentError(
            f"The configuration names groups the catalog {catalog.id} does not have: "
            f"{', '.join(unknown)}.",
            hint="Check the picks against the catalog (configurator catalog show FILE).",
        )
    return tuple(lines)


def _option(catalog: Catalog, group_id: str, option_id: str) -> Option:
    group = catalog.group(group_id)
    if not group.has_option(option_id):
        raise DocumentError(
            f"The group {group_id!r} of catalog {catalog.id} has no option {option_id!r}.",
            hint="Pick one of: " + ", ".join(o.id for o in group.options) + ".",
        )
    return group.option(option_id)


def totals(
    base_price: Decimal,
    lines: Sequence[ConfigLine],
    vat_rate: Decimal,
    *,
    discount_percent: Decimal = Decimal(0),
    discount_reason: str = "",
    approved_by: str | None = None,
    prices_include_vat: bool = PRICES_INCLUDE_VAT,
) -> Totals:
    """The price of a configuration, computed exactly as an order stores it.

    With prices that include VAT (the store's convention, `configurator.orders.pricing`) the
    VAT is the part of the total that is tax; with net prices it is added on top. Both round
    half-up to the cent once, on the total, so the printed rows always add up.
    """
    options = sum((line.amount for line in lines), Decimal(0))
    list_price = base_price + options
    if prices_include_vat:
        priced = pricing.totals(list_price, pricing.parse_percent(discount_percent), vat_rate)
        discount, gross, vat = priced.discount_amount, priced.total, priced.vat_amount
        net = gross - vat
    else:
        percent = pricing.parse_percent(discount_percent)
        discount = (list_price * percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)
        net = list_price - discount
        vat = (net * vat_rate).quantize(CENT, rounding=ROUND_HALF_UP)
        gross = net + vat
    return Totals(
        base_price=base_price,
        options=options,
        discount=(
            Discount(discount, discount_percent, discount_reason, approved_by) if discount else None
        ),
        net=net,
        vat_rate=vat_rate,
        vat=vat,
        gross=gross,
        prices_include_vat=prices_include_vat,
    )


def offer(
    *,
    catalog: Catalog,
    picks: Picks,
    settings: ShopSettings,
    customer: Customer,
    configuration_code: str,
    promise: Promise | None = None,
    discount_percent: Decimal = Decimal(0),
    approved_by: str | None = None,
    notes: str = "",
) -> Offer:
    """The priced configuration shared by quote and confirmation."""
    lines = config_lines(catalog, picks)
    return Offer(
        customer=customer,
        lines=lines,
        totals=totals(
            catalog.base_price,
            lines,
            settings.vat_rate,
            discount_percent=discount_percent,
            approved_by=approved_by,
        ),
        configuration_code=configuration_code,
        catalog=catalog_ref(catalog),
        promise=promise,
        notes=notes,
        terms=settings.terms,
    )


def quote_document(
    *,
    catalog: Catalog,
    picks: Picks,
    settings: ShopSettings,
    today: date,
    customer: Customer,
    quote_number: str,
    configuration_code: str,
    promise: Promise | None = None,
    discount_percent: Decimal = Decimal(0),
    approved_by: str | None = None,
    notes: str = "",
    valid_until: date | None = None,
) -> QuoteDocument:
    """A quote for any configuration, with or without a stored quote behind it."""
    return QuoteDocument(
        shop=shop_header(settings),
        offer=offer(
            catalog=catalog,
            picks=picks,
            settings=settings,
            customer=customer,
            configuration_code=configuration_code,
            promise=promise,
            discount_percent=discount_percent,
            approved_by=approved_by,
            notes=notes,
        ),
        quote_number=quote_number,
        issued=today,
        valid_until=valid_until or today + timedelta(days=settings.quote_validity_days),
        locale=document_locale(settings, catalog),
    )


def confirmation_document(
    *,
    offer: Offer,
    settings: ShopSettings,
    order_number: str,
    order_date: date,
    handover: date,
    parts: Sequence[PartStatus],
    quote_number: str = "",
) -> ConfirmationDocument:
    return ConfirmationDocument(
        shop=shop_header(settings),
        offer=offer,
        order_number=order_number,
        order_date=order_date,
        handover=handover,
        parts=tuple(parts),
        quote_number=quote_number,
        locale=document_locale(settings),
    )


@dataclass(frozen=True, slots=True)
class Workshop:
    """The workshop's view of a configuration: pick list, steps and checks."""

    picks: tuple[PickLine, ...]
    steps: tuple[str, ...]
    qc: tuple[str, ...]


def bin_key(bin_name: str) -> tuple[tuple[int, int | str], ...]:
    """Natural order of bin names, the order a picker walks: A-01-02 < A-01-10 < B-01-01."""
    parts = re.findall(r"\d+|[^\d]+", bin_name.upper())
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts)


def workshop(
    catalog: Catalog,
    picks: Picks,
    bom: Sequence[PartQty],
    reserved: Mapping[str, int] | None = None,
    built: Mapping[str, int] | None = None,
) -> Workshop:
    """Pick list by bin, steps in the order the parts go in, and the QC checklist.

    `bom` is the bill of material in any order; `sequence.assembly_order` puts the parts in
    the order they go in (chassis first, battery last, packing at the end). `reserved` maps
    part -> quantity held for the order (None: nothing reserved, an ad-hoc sheet). `built`
    maps a sub-assembly to how many of it the workshop builds from its `made_of` parts: those
    parts are picked instead, and their steps come right before the sub-assembly's own.
    """
    to_pick: dict[str, int] = {}
    in_order: list[str] = []

    def add(part: str, qty: int, build: int) -> None:
        component = catalog.components.get(part)
        expand = build if component is not None and component.made_of else 0
        if expand and component is not None:
            for sub in component.made_of:
                add(sub.part, sub.qty * expand, 0)
        if qty > expand:
            to_pick[part] = to_pick.get(part, 0) + qty - expand
        if part not in in_order:
            in_order.append(part)

    merged: dict[str, int] = {}
    for entry in bom:
        merged[entry.part] = merged.get(entry.part, 0) + entry.qty
    for part in assembly_order(list(merged), dict(catalog.components)):
        add(part, merged[part], min((built or {}).get(part, 0), merged[part]))
    lines = []
    for part, qty in to_pick.items():
        component = catalog.components.get(part)
        lines.append(
            PickLine(
                bin=component.bin if component else UNKNOWN_BIN,
                part=part,
                name=component.name if component else f"{part} (not in catalog {catalog.id})",
                qty=qty,
                reserved=reserved is not None and reserved.get(part, 0) >= qty,
            )
        )
    lines.sort(key=lambda line: (bin_key(line.bin), line.part))
    steps: list[str] = []
    component_qc: list[str] = []
    for part in in_order:
        component = catalog.components.get(part)
        if component is not None:
            steps += component.steps
            component_qc += component.qc
    return Workshop(
        picks=tuple(lines),
        steps=merge_checks(steps),
        qc=merge_checks(component_qc, derived_checks(catalog, picks, bom)),
    )


def bom_entries(bom: Mapping[str, int]) -> tuple[PartQty, ...]:
    """The rule engine's `bill_of_materials` mapping as entries, order kept."""
    return tuple(PartQty(part, qty) for part, qty in bom.items() if qty > 0)


def configuration_pairs(lines: Sequence[ConfigLine]) -> tuple[tuple[str, str], ...]:
    """(group, option) pairs for the sheet's overview; "2 × USB-C card" for quantities."""
    return tuple(
        (line.group, f"{line.qty} × {line.option}" if line.qty > 1 else line.option)
        for line in lines
    )


def assembly_sheet(
    *,
    catalog: Catalog,
    picks: Picks,
    bom: Sequence[PartQty],
    settings: ShopSettings,
    order_number: str,
    configuration_code: str,
    customer_name: str,
    due: date,
    reserved: Mapping[str, int] | None = None,
    built: Mapping[str, int] | None = None,
    notes: str = "",
    serial_number: str = "",
    lines: Sequence[ConfigLine] | None = None,
) -> AssemblySheet:
    """The workshop's sheet; `lines` default to the picks' lines in the current catalog."""
    work = workshop(catalog, picks, bom, reserved, built)
    return AssemblySheet(
        shop=shop_header(settings),
        order_number=order_number,
        configuration_code=configuration_code,
        customer_name=customer_name,
        due=due,
        catalog=catalog_ref(catalog),
        configuration=configuration_pairs(config_lines(catalog, picks) if lines is None else lines),
        picks=work.picks,
        steps=work.steps,
        qc=work.qc,
        notes=notes,
        serial_number=serial_number,
        locale=document_locale(settings),
    )
