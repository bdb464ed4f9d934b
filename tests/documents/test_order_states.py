"""Documents that agree with the order's state: the offer behind an order, parts built in or
built in-house, the serial number of an assembled laptop."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from configurator.cli.main import run
from configurator.documents.confirmation import parts_summary
from configurator.documents.model import PartState, PartStatus
from configurator.documents.writer import render_pdf
from tests.documents import samples
from tests.documents.pdfread import read_pdf
from tests.documents.test_from_order import shop  # noqa: F401  (module fixture)


def _text(document: object) -> str:
    return read_pdf(render_pdf(document).data).text  # type: ignore[arg-type]


def test_offer_behind_an_order_without_quote_number() -> None:
    offer = replace(
        samples.QUOTE, quote_number="", order_number="2026-00598", ordered_on=date(2026, 11, 26)
    )
    text = _text(offer)
    assert "Offer for order 2026-00598" in text
    assert "Offer for Zoë Ångström-Müller" in text
    assert "Quote 2026-00598" not in text
    assert "valid until" not in text.lower().replace("quotes are valid until", "")
    assert "accepted as order 2026-00598 on 26.11.2026" in text


def test_offer_behind_an_order_keeps_its_quote_number() -> None:
    text = _text(replace(samples.QUOTE, order_number="2026-00598"))
    assert "Quote Q-2026-0042" in text
    assert "Order number 2026-00598" in text
    assert "This quote is valid until" not in text


def test_doc_quote_of_an_order_is_the_accepted_offer(
    shop: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    out = tmp_path / "q.pdf"
    assert run(["--data-dir", shop["data"], "doc", "quote", shop["order"], "--out", str(out)]) == 0
    text = read_pdf(out.read_bytes()).text
    assert f"Quote {shop['quote']}" in text
    assert f"accepted as order {shop['order']}" in text
    assert "This quote is valid until" not in text


def _parts(*states: PartState) -> tuple[PartStatus, ...]:
    return tuple(PartStatus(f"P{i}", f"Part {i}", 1, s) for i, s in enumerate(states))


@pytest.mark.parametrize(
    ("states", "expected"),
    [
        (
            [PartState.CONSUMED] * 3,
            "All parts are used for your laptop: built in or packed with it.",
        ),
        ([PartState.RESERVED] * 2, "All parts for your laptop are reserved in our stock."),
        (
            [PartState.RESERVED] * 14 + [PartState.TO_BUILD],
            "14 of 15 parts are reserved in our stock; 1 is built in our workshop for your order.",
        ),
        (
            [PartState.RESERVED, PartState.ON_ORDER, PartState.MISSING, PartState.MISSING],
            "1 of 4 parts is reserved in our stock; 1 is on order and set aside for you on "
            "arrival; 2 are being ordered for you.",
        ),
    ],
)
def test_parts_summary_matches_the_states(states: list[PartState], expected: str) -> None:
    assert parts_summary(_parts(*states)) == expected


def test_confirmation_of_an_assembled_order_says_built_in() -> None:
    parts = tuple(replace(p, state=PartState.CONSUMED) for p in samples.CONFIRMATION.parts)
    text = _text(replace(samples.CONFIRMATION, parts=parts))
    assert "All parts are used for your laptop: built in or packed with it." in text
    assert "CHS-14-AL Chassis 14, aluminium, with hinges 1 Used for your laptop" in text
    assert "Reserved" not in text
    assert "on their way" not in text


def test_assembly_sheet_prints_the_serial_number() -> None:
    text = _text(replace(samples.SHEET, serial_number="AUR-2026-000598"))
    assert "Serial number AUR-2026-000598" in text
    assert "Serial number" in _text(samples.SHEET)


def test_stored_order_assembled_maps_to_built_in_parts_and_serial(
    shop: dict[str, str],  # noqa: F811
) -> None:
    from configurator.bootstrap import open_app
    from configurator.documents.from_order import (
        assembly_from_order,
        confirmation_from_order,
        load_order,
    )
    from configurator.store.models import OrderStatus

    context = open_app(data_dir=Path(shop["data"]))
    try:
        stored = load_order(context.engine, shop["order"])
        catalog, settings = context.catalog, context.settings
    finally:
        context.close()
    done = replace(
        stored,
        order=replace(
            stored.order,
            summary=replace(stored.order.summary, status=OrderStatus.HANDED_OVER),
            serial_number="SN-0598",
        ),
    )
    confirmation = confirmation_from_order(done, catalog, settings)
    assert {p.state for p in confirmation.parts} == {PartState.CONSUMED}
    assert assembly_from_order(done, catalog, settings).serial_number == "SN-0598"
    before = confirmation_from_order(stored, catalog, settings)
    assert PartState.CONSUMED not in {p.state for p in before.parts}
