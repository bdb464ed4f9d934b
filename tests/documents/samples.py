"""Document data built in code: fixed dates, a small believable laptop, no store or catalog."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from configurator.documents.model import (
    AssemblySheet,
    CatalogRef,
    ConfigLine,
    ConfirmationDocument,
    Customer,
    Discount,
    Locale,
    Offer,
    PartState,
    PartStatus,
    PickLine,
    Promise,
    QuoteDocument,
    ShopHeader,
    Totals,
)

SHOP = ShopHeader(
    name="Aurora Computerwerkstatt",
    address=("Königstraße 12", "70173 Stuttgart", "Germany"),
    vat_id="DE 123 456 789",
    phone="+49 711 555 0100",
    email="verkauf@aurora-werkstatt.example",
)
CUSTOMER = Customer(
    name="Zoë Ångström-Müller",
    address=("Rue de l'Église 7", "67000 Strasbourg", "France"),
    email="zoe@example.org",
)
CATALOG = CatalogRef(id="aurora-2026", name="Aurora laptops 2026", version="3f9a1c0b7d2e")
LINES = (
    ConfigLine("Chassis", "Aurora 14, aluminium", 1, Decimal("0.00")),
    ConfigLine("Processor", "Ryzen 7 8840HS (8 cores, 28 W)", 1, Decimal("180.00")),
    ConfigLine("Memory", "32 GB DDR5-5600 (2 × 16 GB)", 1, Decimal("120.00")),
    ConfigLine("Storage", "1 TB NVMe SSD", 1, Decimal("89.00")),
    ConfigLine("Screen", '14" 2.8K OLED, 120 Hz', 1, Decimal("210.00")),
    ConfigLine("Keyboard", "German (QWERTZ), backlit", 1, Decimal("0.00")),
    ConfigLine("Expansion cards", "USB-C card", 2, Decimal("9.00")),
    ConfigLine("Expansion cards", "HDMI card", 1, Decimal("19.00")),
)
BASE = Decimal("499.00")
# Worked out by hand (prices include VAT, as the store keeps them): options 636.00, list price
# 1135.00, 5 % discount 56.75, total 1078.25, VAT contained 1078.25 * 19/119 = 172.16.
TOTALS = Totals(
    base_price=BASE,
    options=Decimal("636.00"),
    discount=Discount(Decimal("56.75"), Decimal("5"), reason="student", approved_by="M. Weber"),
    net=Decimal("906.09"),
    vat_rate=Decimal("0.19"),
    vat=Decimal("172.16"),
    gross=Decimal("1078.25"),
)
PROMISE = Promise(
    handover=date(2026, 12, 3),
    reason="Waiting for the 2.8K OLED panel, due 1 Dec 2026.",
    assembly=date(2026, 12, 2),
)
OFFER = Offer(
    customer=CUSTOMER,
    lines=LINES,
    totals=TOTALS,
    configuration_code="c14-r7.8840-m32-s1t-oled-de-2usbc.hdmi",
    catalog=CATALOG,
    promise=PROMISE,
    notes="Please install the German language pack.\nCustomer collects in person.",
    terms="Quotes are valid until the date shown. The statutory warranty is not affected.",
)
LOCALE = Locale("de_DE", "EUR")

QUOTE = QuoteDocument(
    shop=SHOP,
    offer=OFFER,
    quote_number="Q-2026-0042",
    issued=date(2026, 11, 25),
    valid_until=date(2026, 12, 9),
    locale=LOCALE,
)
CONFIRMATION = ConfirmationDocument(
    shop=SHOP,
    offer=OFFER,
    order_number="2026-00017",
    order_date=date(2026, 11, 26),
    handover=date(2026, 12, 3),
    parts=(
        PartStatus("CHS-14-AL", "Chassis 14, aluminium, with hinges", 1, PartState.RESERVED),
        PartStatus("CPU-R7-8840", "Mainboard with Ryzen 7 8840HS", 1, PartState.RESERVED),
        PartStatus("RAM-16-5600", "SO-DIMM 16 GB DDR5-5600", 2, PartState.RESERVED),
        PartStatus("SSD-1T", "NVMe SSD 1 TB, M.2 2280", 1, PartState.RESERVED),
        PartStatus(
            "DSP-14-OLED",
            "Display assembly 14, 2.8K OLED",
            1,
            PartState.ON_ORDER,
            expected=date(2026, 12, 1),
        ),
        PartStatus("KBD-14-DE", "Keyboard 14, German, backlit", 1, PartState.RESERVED),
    ),
    quote_number="Q-2026-0042",
    locale=LOCALE,
)
PICKS = (
    PickLine("A-01-01", "CHS-14-AL", "Chassis 14, aluminium, with hinges", 1, True),
    PickLine("A-02-03", "CPU-R7-8840", "Mainboard with Ryzen 7 8840HS", 1, True),
    PickLine("B-01-02", "RAM-16-5600", "SO-DIMM 16 GB DDR5-5600", 2, True),
    PickLine("B-01-02", "RAM-SHIELD", "Memory shield foil", 1, True),
    PickLine("B-02-04", "DSP-14-OLED", "Display assembly 14, 2.8K OLED", 1, False),
    PickLine("C-03-01", "SSD-1T", "NVMe SSD 1 TB, M.2 2280", 1, True),
)
SHEET = AssemblySheet(
    shop=SHOP,
    order_number="2026-00017",
    configuration_code=OFFER.configuration_code,
    customer_name=CUSTOMER.name,
    due=date(2026, 12, 2),
    catalog=CATALOG,
    configuration=tuple((line.group, line.option) for line in LINES),
    picks=PICKS,
    steps=(
        "Lay chassis on the ESD mat, hinges away from you.",
        "Seat the mainboard on the standoffs; fasten the 6 screws (0.25 Nm).",
        "Insert both SO-DIMMs at 30°, press down until the latches click.",
        "Insert the SSD in slot M.2_1, fasten with the captive screw.",
        "Connect the display cable to J12; route it along the left hinge.",
    ),
    qc=(
        "Hinges open to 180 degrees without noise.",
        "BIOS shows 32 GB RAM.",
        "1 SSD detected.",
        "Keyboard layout German (QWERTZ): test Umlaut keys ä ö ü ß.",
    ),
    locale=LOCALE,
)


def long_sheet(parts: int = 90) -> AssemblySheet:
    """A sheet whose pick list, steps and checks need several pages."""
    picks = tuple(
        PickLine(
            f"{'ABCD'[i % 4]}-{i // 4:02d}-01",
            f"PART-{i:03d}",
            f"Part number {i}",
            1 + i % 3,
            i % 7 != 0,
        )
        for i in range(parts)
    )
    steps = tuple(f"Step for part PART-{i:03d}: fit it and check the seat." for i in range(parts))
    return replace(SHEET, picks=picks, steps=steps, qc=SHEET.qc * 5)
