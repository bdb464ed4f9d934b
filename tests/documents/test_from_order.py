"""Integration: orders placed through the real store, printed with `configurator doc`."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from configurator.bootstrap import open_app
from configurator.catalog.model import Picks
from configurator.cli.main import run
from configurator.orders.people import create_customer
from configurator.orders.placing import create_quote, place_order
from configurator.orders.promising import PromiseInfo
from configurator.orders.stock import expect_receipt, receive_goods
from configurator.orders.users import actor_by_name, create_user
from configurator.store.database import session_scope
from configurator.store.models import Role
from configurator.store.seed import sync_components
from tests.documents.pdfread import read_pdf
from tests.documents.test_cli_quote import MINI_CATALOG

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
PICKS: Picks = {"chassis": "c14", "memory": "m32", "keyboard": "de", "ports": {"usbc": 2}}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A store with the mini catalog, stock except the German keyboard (on order), one
    quote and one backorder; returns the data folder and the numbers."""
    root = tmp_path_factory.mktemp("shop")
    (root / "mini.toml").write_text(MINI_CATALOG, encoding="utf-8")
    data = root / "data"
    data.mkdir()
    (data / "shop.toml").write_text(
        '[shop]\nname = "Mini Werkstatt"\naddress = ["Hauptstraße 1", "70173 Stuttgart"]\n'
        f'catalog = "{root / "mini.toml"}"\nlocale = "de_DE"\nvat_rate = "0.19"\n',
        encoding="utf-8",
    )
    context = open_app(data_dir=data, seed_demo=False, today=TODAY)
    try:
        engine, catalog, settings = context.engine, context.catalog, context.settings
        with session_scope(engine) as session:
            sync_components(session, catalog)
            create_user(session, name="anna", role=Role.MANAGER, pin="4711", full_name="Anna")
        with session_scope(engine) as session:
            actor = actor_by_name(session, "anna")
        for part in ("CHS-14", "RAM-16", "EXP-USBC", "PSU-65", "KBD-US"):
            receive_goods(engine, part=part, qty=4, actor=actor, today=TODAY, now=NOW)
        expect_receipt(
            engine,
            part="KBD-DE",
            qty=2,
            expected_on=date(2026, 12, 1),
            supplier_ref="PO-77",
            actor=actor,
            today=TODAY,
        )
        customer = create_customer(
            engine,
            name="Jörg Ünal-Søndergaard",
            address="Rue de l'Église 7\n67000 Strasbourg",
            email="joerg@example.org",
            now=NOW,
        )
        quote = create_quote(
            engine,
            catalog=catalog,
            settings=settings,
            picks=PICKS,
            actor=actor,
            today=TODAY,
            customer_id=customer.id,
            discount_percent=Decimal("5"),
            notes="Übergabe bitte nach 17 Uhr.",
            now=NOW,
        )
        order = place_order(
            engine,
            catalog=catalog,
            settings=settings,
            actor=actor,
            today=TODAY,
            quote=quote.number,
            accept_backorder=True,
            promise=PromiseInfo(
                date(2026, 12, 2), date(2026, 12, 3), "waiting for the German keyboard"
            ),
            now=NOW + timedelta(minutes=5),
        )
        other = create_quote(
            engine,
            catalog=catalog,
            settings=settings,
            picks={**PICKS, "memory": "m16", "keyboard": "us"},
            actor=actor,
            today=TODAY,
            now=NOW,
        )
    finally:
        context.close()
    assert order.order_number is not None
    return {
        "data": str(data),
        "order": order.order_number,
        "quote": quote.number,
        "other": other.number,
    }


def _doc(shop: dict[str, str], kind: str, number: str, out: Path) -> int:
    return run(["--data-dir", shop["data"], "doc", kind, number, "--out", str(out)])


def test_confirmation_prints_the_frozen_order(shop: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "confirmation.pdf"
    assert _doc(shop, "confirmation", shop["order"], out) == 0
    text = read_pdf(out.read_bytes()).text
    list_price = Decimal("499.00") + 120 + 18
    for expected in (
        f"Order confirmation {shop['order']}",
        f"Your quote {shop['quote']}",
        "Jörg Ünal-Søndergaard",
        "Rue de l'Église 7",
        "Mini Werkstatt",
        "Memory 32 GB (2 × 16 GB) 1 120,00 € 120,00 €",
        "Expansion cards USB-C card 2 9,00 € 18,00 €",
        "Discount 5 %",
        "Discount 5 % -31,85 €",  # of 637.00
        "Total 605,15 €",
        "VAT 19 % included 96,62 €",  # 605.15 * 19 / 119
        "Handover: 03.12.2026",
        "waiting for the German keyboard",
        "KBD-DE Keyboard German 1 On order, due 01.12.2026",
        "CHS-14 Chassis 14, aluminium 1 Reserved",
        "Übergabe bitte nach 17 Uhr.",
    ):
        assert expected in text, expected
    assert list_price == Decimal("637.00")


def test_assembly_sheet_of_the_order(shop: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "sheet.pdf"
    assert _doc(shop, "assembly", shop["order"], out) == 0
    text = read_pdf(out.read_bytes()).text
    for expected in (
        f"Order {shop['order']}",
        "Customer Jörg Ünal-Søndergaard",
        "Due 02.12.2026",
        "A-01-01 CHS-14 Chassis 14, aluminium 1 ✓ yes",
        "B-01-01 RAM-16 SO-DIMM 16 GB 2 ✓ yes",
        "C-01-01 KBD-DE Keyboard German 1 ✗ no",
        "1. Lay the chassis on the ESD mat.",
        "BIOS shows 32 GB RAM.",
        "Keyboard layout German (QWERTZ): test the Umlaut keys ä ö ü ß.",
        "Adapter charges the battery.",
    ):
        assert expected in text, expected
    # Steps in the order the parts go in (catalog group order), not the store's row order.
    steps = ["Lay the chassis on the ESD mat.", "Insert the SO-DIMMs.", "Connect the keyboard."]
    assert sorted(steps, key=text.index) == steps
    bins = [b for b in ("A-01-01", "A-09-01", "B-01-01", "C-01-01", "D-01-01") if b in text]
    assert bins == sorted(bins, key=text.index)


def test_quote_of_a_stored_quote(shop: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "quote.pdf"
    assert _doc(shop, "quote", shop["other"], out) == 0
    text = read_pdf(out.read_bytes()).text
    assert f"Quote {shop['other']}" in text
    assert "Walk-in customer" in text
    assert "Valid until" in text
    assert "Total 517,00 €" in text  # 499.00 + 2 × 9.00, no discount


def test_a_quote_has_no_confirmation_or_sheet(
    shop: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.pdf"
    assert _doc(shop, "confirmation", shop["other"], out) == 2
    assert "is a quote, not an order" in capsys.readouterr().err
    assert _doc(shop, "assembly", shop["other"], out) == 2
    assert not out.exists()


def test_unknown_order_is_a_clear_error(
    shop: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _doc(shop, "quote", "2026-99999", tmp_path / "x.pdf") == 2
    assert "no order or quote '2026-99999'" in capsys.readouterr().err


def test_batch_of_sheets_from_the_store(shop: dict[str, str], tmp_path: Path) -> None:
    from configurator.documents.from_order import assembly_from_order, load_orders
    from configurator.documents.writer import write_sheets

    context = open_app(data_dir=Path(shop["data"]), seed_demo=False, today=TODAY)
    try:
        stored = load_orders(context.engine, [shop["order"], shop["order"]])
        sheets = [assembly_from_order(s, context.catalog, context.settings) for s in stored]
    finally:
        context.close()
    saved = write_sheets(sheets, tmp_path / "batch.pdf")
    back = read_pdf((tmp_path / "batch.pdf").read_bytes())
    assert saved.pages == 2
    assert all("Page 1 of 1" in page for page in back.pages)
    assert all(f"Order {shop['order']}" in page for page in back.pages)


def test_letter_paper_from_the_cli(shop: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "letter.pdf"
    args = ["--data-dir", shop["data"], "doc", "quote", shop["quote"], "--out", str(out)]
    assert run([*args, "--paper", "letter"]) == 0
    assert read_pdf(out.read_bytes()).page_size_mm() == pytest.approx((215.9, 279.4), abs=0.2)


def test_bulk_reads_equal_the_store_s_own_details(shop: dict[str, str]) -> None:
    """The batch reader must see every order exactly as orders.views.details does."""
    from sqlmodel import Session

    from configurator.documents.order_reads import find_orders, read_details
    from configurator.orders.views import details, find_order
    from configurator.store.database import make_engine

    engine = make_engine(f"sqlite:///{Path(shop['data']) / 'configurator.sqlite3'}")
    numbers = [shop["order"], shop["quote"], shop["other"], shop["order"]]
    try:
        with Session(engine) as session:
            bulk = read_details(session, find_orders(session, numbers))
            one_by_one = [details(session, find_order(session, n)) for n in numbers]
            session.rollback()
    finally:
        engine.dispose()
    assert bulk == one_by_one
    assert [d.summary.number for d in bulk] == [
        shop["order"],
        shop["order"],
        shop["other"],
        shop["order"],
    ]


def test_assembly_sheets_of_several_orders_in_one_pdf(
    shop: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "sheets.pdf"
    args = ["--data-dir", shop["data"], "doc", "assembly", shop["order"], shop["order"]]
    assert run([*args, "--out", str(out), "--json"]) == 0
    assert '"pages": 2' in capsys.readouterr().out
    assert (
        run(
            [
                "--data-dir",
                shop["data"],
                "doc",
                "quote",
                shop["quote"],
                shop["other"],
                "--out",
                str(tmp_path / "q.pdf"),
            ]
        )
        == 2
    )
    assert "one order at a time" in capsys.readouterr().err
