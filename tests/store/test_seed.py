"""The demo seed: parts, stock, deliveries, users with PINs, customers, orders in every state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from configurator.catalog.model import Catalog
from configurator.errors import UserError
from configurator.orders.auth import authenticate_user
from configurator.store.database import make_engine
from configurator.store.migrate import upgrade_to_head
from configurator.store.models import Movement, Receipt, Reservation, SalesOrder, Stock
from configurator.store.seed import DEMO_USERS, is_empty, seed_demo
from configurator.store.stockfile import load_stock_file
from tests.orders.shop_fixtures import STOCK, TODAY, settings

STOCK_TOML = (
    "\n".join(f'[[stock]]\npart = "{part}"\non_hand = {qty + 10}\n' for part, qty in STOCK.items())
    + '\n[[receipts]]\npart = "GPU-RTX"\nqty = 3\ndue_in_days = 6\nsupplier_ref = "PO-77"\n'
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "stock.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_seed_fills_an_empty_store(tmp_path: Path, catalog: Catalog) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    try:
        upgrade_to_head(engine, backup_dir=None)
        assert is_empty(engine)
        seed_demo(
            engine,
            catalog=catalog,
            stock_file=write(tmp_path, STOCK_TOML),
            today=TODAY,
            settings=settings(),
            history_weeks=1,
        )
        assert not is_empty(engine)
        now = datetime(2026, 11, 25, tzinfo=UTC)
        for user in DEMO_USERS:
            assert authenticate_user(engine, user.name, user.pin, now=now).role == user.role
        with Session(engine) as session:
            receipt = session.exec(select(Receipt).where(Receipt.received == False)).one()  # noqa: E712
            assert (receipt.part, receipt.expected_on) == ("GPU-RTX", TODAY + timedelta(days=6))
            states = set(session.exec(select(SalesOrder.status)).all())
            assert states >= {
                "quote",
                "ordered",
                "in_assembly",
                "assembled",
                "handed_over",
                "cancelled",
            }
            history = session.exec(
                select(func.count())
                .select_from(SalesOrder)
                .where(SalesOrder.promise_reason == "All parts in stock (demo history).")
            ).one()
            assert history > 0
            for row in session.exec(select(Stock)).all():
                held = session.exec(
                    select(func.coalesce(func.sum(Reservation.qty), 0)).where(
                        Reservation.stock_id == row.id, Reservation.state == "held"
                    )
                ).one()
                moved = session.exec(
                    select(func.coalesce(func.sum(Movement.on_hand_delta), 0)).where(
                        Movement.part == row.part, Movement.bin == row.bin
                    )
                ).one()
                assert row.reserved == held
                assert row.on_hand == moved  # every unit on the shelf has its movements
                assert 0 <= row.reserved <= row.on_hand
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[stock]]\npart = "NOPE"\non_hand = 1\n', "part 'NOPE' is not a component"),
        ('[[stock]]\npart = "RAM-8"\non_hand = -1\n', "'on_hand' must be a whole number >= 0"),
        ('[[stock]]\npart = "RAM-8"\non_hand = 1.5\n', "'on_hand' must be a whole number"),
        ('[[receipts]]\npart = "RAM-8"\nqty = 0\ndue_in_days = 1\n', "'qty' must be"),
        ('[[stock]]\npart = "RAM-8"\non_hand = 1\n' * 2, "listed twice"),
        ("[[stock]\n", "cannot be read"),
    ],
)
def test_bad_stock_files_name_the_entry(
    tmp_path: Path, catalog: Catalog, text: str, message: str
) -> None:
    with pytest.raises(UserError, match=message) as info:
        load_stock_file(write(tmp_path, text), catalog)
    assert "stock.toml" in info.value.message
