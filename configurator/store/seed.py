"""A new store's first content: the catalog's parts, demo stock and deliveries, demo users,
customers and a few weeks of past orders, so every view has something real to show.

Demo users and PINs are listed in README.md ("Demo users").
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from configurator.catalog.model import Catalog
from configurator.catalog.model import Component as CatalogComponent
from configurator.shop import ShopSettings
from configurator.store.database import reader, session_scope
from configurator.store.models import (
    Component,
    Customer,
    Movement,
    MovementKind,
    Receipt,
    Role,
    Stock,
    User,
)
from configurator.store.status import is_empty
from configurator.store.stockfile import StockFile, declared_catalog, load_stock_file

log = logging.getLogger(__name__)

__all__ = ["DEMO_USERS", "is_empty", "seed_demo", "sync_components"]


@dataclass(frozen=True, slots=True)
class DemoUser:
    name: str
    full_name: str
    role: Role
    pin: str


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("anna", "Anna Keller", Role.CLERK, "1111"),
    DemoUser("ben", "Ben Wagner", Role.CLERK, "2222"),
    DemoUser("werner", "Werner Roth", Role.WORKSHOP, "3333"),
    DemoUser("maria", "Maria Brandt", Role.MANAGER, "9999"),
)

DEMO_CUSTOMERS: tuple[tuple[str, str, str, str], ...] = (
    ("Jürgen Müller", "j.mueller@example.org", "+49 711 555 0142", "Hauptstraße 5, Stuttgart"),
    ("Chloé Lefèvre", "chloe.lefevre@example.fr", "+33 1 555 0199", "12 rue de Rivoli, Paris"),
    ("Studio Nordlicht GmbH", "einkauf@nordlicht.example", "+49 40 5550177", "Elbchaussee 80, HH"),
    ("Ayşe Yılmaz", "ayse.yilmaz@example.com", "+49 711 555 0108", "Tübinger Str. 9, Stuttgart"),
    ("Lars Østergaard", "lars@oestergaard.example", "+45 55 50 12 34", "Nørrebrogade 20"),
)


def _component_values(catalog: Catalog, comp: CatalogComponent) -> dict[str, Any]:
    return {
        "name": comp.name,
        "bin": comp.bin,
        "lead_time_days": comp.lead_time_days,
        "build_minutes": comp.build_minutes,
        "catalog_id": catalog.id,
    }


def components_in_sync(engine: Engine, catalog: Catalog) -> bool:
    """True when every catalog component's row is up to date; read without the write lock,
    so a start while another program writes only waits when there is something to write."""

    with Session(reader(engine)) as session:
        existing = {c.part: c for c in session.exec(select(Component)).all()}
        in_sync = all(
            (row := existing.get(comp.id)) is not None
            and all(getattr(row, k) == v for k, v in _component_values(catalog, comp).items())
            for comp in catalog.components.values()
        )
        session.rollback()
    return in_sync


def sync_components(session: Session, catalog: Catalog) -> int:
    """Insert or update a row per catalog component; returns how many changed."""
    existing = {c.part: c for c in session.exec(select(Component)).all()}
    changed = 0
    for comp in catalog.components.values():
        row = existing.get(comp.id)
        values = _component_values(catalog, comp)
        if row is None:
            session.add(Component(part=comp.id, **values))
            changed += 1
        elif any(getattr(row, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(row, key, value)
            session.add(row)
            changed += 1
    session.flush()
    return changed


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


def seed_demo(
    engine: Engine,
    *,
    catalog: Catalog,
    stock_file: Path,
    today: date,
    settings: ShopSettings | None = None,
    history_weeks: int = 52,
) -> None:
    """Fill an empty store with the demo data (dates relative to `today`): parts, stock and
    deliveries, users, customers, a year of handed-over history (planning) and a few weeks of
    recent quotes and orders in every state (through the real order flow).

    When the stock file names another catalog than `catalog` (a shop that points shop.toml at
    its own catalog before the first start), the store gets the catalog's parts with no stock,
    the demo users (to sign in) and customers, and no history or orders: those are made of the
    demo catalog's options and would not fit."""
    from configurator.orders.demo import seed_recent_orders
    from configurator.orders.users import hash_pin

    settings = settings or ShopSettings()
    written_for = declared_catalog(stock_file)
    own_catalog = written_for is not None and written_for != catalog.id
    stock = StockFile((), ()) if own_catalog else load_stock_file(stock_file, catalog)
    with session_scope(engine) as session:
        sync_components(session, catalog)
        opening = today - timedelta(days=42)
        for line in stock.stock:
            session.add(Stock(part=line.part, bin=line.bin, on_hand=line.on_hand, reserved=0))
            if line.on_hand:
                session.add(
                    Movement(
                        at=_at(opening),
                        on_day=opening,
                        kind=MovementKind.ADJUSTMENT,
                        part=line.part,
                        bin=line.bin,
                        on_hand_delta=line.on_hand,
                        reason="opening stock (demo data)",
                    )
                )
        for receipt in stock.receipts:
            session.add(
                Receipt(
                    part=receipt.part,
                    qty=receipt.qty,
                    expected_on=today + timedelta(days=receipt.due_in_days),
                    supplier_ref=receipt.supplier_ref,
                )
            )
        for user in DEMO_USERS:
            session.add(
                User(
                    name=user.name,
                    full_name=user.full_name,
                    role=user.role,
                    pin_hash=hash_pin(user.pin),
                )
            )
        for i, (name, email, phone, address) in enumerate(DEMO_CUSTOMERS):
            session.add(
                Customer(
                    name=name,
                    email=email,
                    phone=phone,
                    address=address,
                    created_at=_at(opening + timedelta(days=i)),
                )
            )
    if own_catalog:
        log.info(
            "Catalog %s is not the demo stock's %s: seeded its parts without stock, "
            "and the demo users and customers only",
            catalog.id,
            written_for,
        )
        return
    if history_weeks:
        from configurator.planning.demo_history import generate

        with session_scope(engine) as session:
            generate(
                session,
                catalog,
                today=today,
                weeks=history_weeks,
                calendar=settings.calendar,
                vat_rate=settings.vat_rate,
            )
    seed_recent_orders(engine, catalog=catalog, settings=settings, today=today)
