"""The order path writes no SQL by hand (docs/store.md, "Through the ORM?").

Every statement that places, reserves, releases, consumes or numbers is built from the SQLModel
models and compiled by the dialect: a renamed column then changes the statement instead of
breaking it at run time. `sqlalchemy.text` is how hand-written SQL enters, so the order and
store modules must not use it (the migrations and the connection checks may).
"""

from __future__ import annotations

import ast
from pathlib import Path

import configurator.orders
from configurator.orders import numbering, stockio
from configurator.store.models import Counter, Stock

ORDERS = Path(configurator.orders.__file__).parent


def _uses_text(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        imported = (
            isinstance(node, ast.ImportFrom)
            and (node.module or "").startswith("sqlalchemy")
            and any(alias.name == "text" for alias in node.names)
        )
        called = (
            isinstance(node, ast.Attribute)
            and node.attr == "text"
            and isinstance(node.value, ast.Name)
            and node.value.id in {"sa", "sqlalchemy"}
        )
        if imported or called:
            return True
    return False


def test_no_order_module_writes_sql_text() -> None:
    offenders = sorted(p.name for p in ORDERS.glob("*.py") if _uses_text(p))
    assert offenders == []


def test_the_stock_updates_and_the_counter_are_built_from_the_models() -> None:
    stock = Stock.__table__  # type: ignore[attr-defined]
    for build in (stockio._reserve_by_id, stockio._release_by_id, stockio._consume_by_id):
        statement = build()
        assert statement.table is stock
        assert set(statement.compile().params) == {"qty", "stock_id"}
    upsert = numbering.counter_upsert("sqlite")
    assert upsert.table.name == Counter.__tablename__
    assert set(upsert.compile().params) == {"series", "year", "first", "step"}
