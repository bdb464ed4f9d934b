"""Prepared statements store exactly what SQLAlchemy's own path stores, and their driver
errors arrive as SQLAlchemy's exceptions (so retries and messages work the same)."""

from __future__ import annotations

import marshal
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.dialects.postgresql.psycopg import dialect as postgresql_dialect
from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from configurator.orders.records import (
    LINE_COLUMNS,
    ORDER_COLUMNS,
    UNSET_ON_NEW_ORDERS,
    PreparedOrder,
    insert_order,
    order_statement,
)
from configurator.orders.stockio import MOVEMENT_COLUMNS, reserve_statement
from configurator.store import prepared
from configurator.store.models import Movement, OrderLine, SalesOrder
from configurator.store.prepared import Holes, Prepared, insert_rows, prepare_insert

# Text the drivers can store: no lone surrogates (not UTF-8), no NUL (PostgreSQL refuses it).
REASON_CHARACTERS = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
AT = datetime(2026, 11, 25, 9, 30, 15, 123456, tzinfo=UTC)


def _order_values(**changes: object) -> dict[str, Any]:
    values: dict[str, Any] = {
        "quote_number": None,
        "order_number": "2026-09999",
        "status": "ordered",
        "customer_id": None,
        "created_by": 1,
        "created_at": AT,
        "quoted_on": date(2026, 11, 25),
        "valid_until": date(2026, 12, 9),
        "ordered_on": date(2026, 11, 25),
        "catalog_id": "testshop",
        "catalog_version": "a" * 64,
        "config_code": "C14-FHD",
        "picks": {"chassis": "c14", "gpu": None, "acc": {"mouse": 2}},
        "base_price": Decimal("499.00"),
        "list_price": Decimal("1019.90"),
        "discount_percent": Decimal("12.5"),
        "discount_amount": Decimal("127.49"),
        "discount_approved_by": None,
        "total": Decimal("892.41"),
        "vat_rate": Decimal("0.19"),
        "vat_amount": Decimal("142.48"),
        "backorder": True,
        "promised_on": date(2026, 12, 3),
        "handover_on": date(2026, 12, 4),
        "promise_reason": "waiting for the panel, due 3 Dec",
        "serial_number": None,
        "assembled_on": None,
        "handed_over_on": None,
        "cancelled_on": None,
        "cancel_reason": "",
        "notes": "Grüße – ünïcode",
        "updated_at": AT,
        "request_token": None,
    }
    values.update(changes)
    assert set(values) == set(ORDER_COLUMNS)
    return values


def _read(engine: Engine, order_id: int) -> dict[str, object]:
    with Session(engine) as session:
        row = session.get(SalesOrder, order_id)
        assert row is not None
        return row.model_dump(exclude={"id"})


def test_a_prepared_order_row_reads_back_like_an_orm_row(engine: Engine) -> None:
    values = _order_values()
    with Session(engine) as session:
        prepared_id = insert_order(session, values)
        orm = SalesOrder(**{**values, "order_number": "2026-09998"})
        session.add(orm)
        session.commit()
        assert orm.id is not None
        orm_id = orm.id
    prepared, through_orm = _read(engine, prepared_id), _read(engine, orm_id)
    assert prepared == {**through_orm, "order_number": "2026-09999"}
    assert prepared["created_at"] == AT
    assert prepared["discount_percent"] == Decimal("12.50")
    assert prepared["picks"] == values["picks"]


def test_late_values_are_filled_in_converted(engine: Engine) -> None:
    statement = order_statement(engine.dialect)
    params = statement.one(_order_values(order_number=None, total=Decimal("1.00")))
    params = statement.replace(params, order_number="2026-00007", total=Decimal("892.41"))
    with Session(engine) as session:
        order_id = int(statement.fetch(session.connection(), params)[0][0])
        session.commit()
    row = _read(engine, order_id)
    assert (row["order_number"], row["total"]) == ("2026-00007", Decimal("892.41"))


def _adjustment_values(
    rows: list[tuple[str, int, str]], **more: Any
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Adjustment movements in one bin, from (part, delta, reason) rows: the values per row
    and those all rows share."""
    per_row = [
        {"part": part, "on_hand_delta": delta, "reason": reason} for part, delta, reason in rows
    ]
    shared = {
        "at": AT,
        "on_day": date(2026, 11, 25),
        "kind": "adjustment",
        "bin": "X-01",
        "reserved_delta": 0,
        **more,
    }
    return per_row, shared


def _adjustments(statement: Prepared, rows: list[tuple[str, int, str]], **more: Any) -> list[Any]:
    """Parameters of adjustment movements in one bin, from (part, delta, reason) rows."""
    per_row, shared = _adjustment_values(rows, **more)
    return statement.many(per_row, **shared)


def _movement_rows(max_size: int) -> st.SearchStrategy[list[tuple[str, int, str]]]:
    """Movements as (part, on-hand delta, reason)."""
    return st.lists(
        st.tuples(
            st.sampled_from(["RAM-8", "PSU-65", "CHS-14"]),
            st.integers(min_value=-1000, max_value=1000),
            st.text(REASON_CHARACTERS, max_size=40),
        ),
        min_size=1,
        max_size=max_size,
    )


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=_movement_rows(max_size=6))
def test_many_rows_with_shared_values(engine: Engine, rows: list[tuple[str, int, str]]) -> None:
    columns = ("at", "on_day", "kind", "part", "bin", "on_hand_delta", "reserved_delta", "reason")
    statement = prepare_insert(engine.dialect, Movement, columns)
    params = _adjustments(statement, rows)
    with Session(engine) as session:
        before = len(session.exec(select(Movement)).all())
        assert statement.run(session.connection(), params) == len(rows)
        stored = [
            (m.part, m.on_hand_delta, m.reason, m.at, m.bin, m.kind)
            for m in session.exec(select(Movement).order_by(Movement.id)).all()[before:]  # type: ignore[arg-type]
        ]
        session.rollback()
    assert [m[:3] for m in stored] == rows
    assert {m[3:] for m in stored} == {(AT, "X-01", "adjustment")}


def test_driver_errors_arrive_as_sqlalchemy_errors(engine: Engine) -> None:
    with Session(engine) as session:
        insert_order(session, _order_values())
        with pytest.raises(IntegrityError):  # the order number is unique
            insert_order(session, _order_values())
        session.rollback()


def test_a_column_left_to_its_default_is_refused_when_prepared(engine: Engine) -> None:
    with pytest.raises(ValueError, match="reserved_delta"):
        prepare_insert(engine.dialect, Movement, ("at", "on_day", "kind", "part", "bin"))


MOVE_COLUMNS = (
    "at",
    "on_day",
    "kind",
    "part",
    "bin",
    "on_hand_delta",
    "reserved_delta",
    "order_id",
    "reason",
)


def _movement_inserts(
    dialect: Dialect, rows: list[tuple[str, int, str]], max_rows: int
) -> tuple[tuple[tuple[Prepared, Holes], ...], dict[str, Any]]:
    """`insert_rows` for movement rows with the order id left open, and the shared values."""
    per_row, shared = _adjustment_values(rows, order_id=0)
    statements = insert_rows(
        dialect,
        Movement,
        MOVE_COLUMNS,
        per_row,
        shared=shared,
        open_column="order_id",
        max_rows=max_rows,
    )
    return statements, shared


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=_movement_rows(max_size=9), max_rows=st.integers(min_value=1, max_value=4))
def test_rows_filled_in_late_store_what_executemany_stores(
    engine: Engine, rows: list[tuple[str, int, str]], max_rows: int
) -> None:
    """`insert_rows` (multi-row INSERTs of up to `max_rows` rows with the shared values bound
    once on SQLite, one executemany on PostgreSQL) with the order id filled into its hole
    stores the rows `replace_all` and executemany store."""
    single = prepare_insert(engine.dialect, Movement, MOVE_COLUMNS)
    params = _adjustments(single, rows, order_id=0)
    statements, shared = _movement_inserts(engine.dialect, rows, max_rows)
    if engine.dialect.name == "sqlite":  # one statement per `max_rows` rows
        assert len(statements) == -(-len(rows) // max_rows)
        for statement, _holes in statements:  # each shared value is one parameter
            in_rows = len(statement.names) - len(shared)
            assert in_rows % 3 == 0
            assert 0 < in_rows // 3 <= max_rows
            assert statement.sql.count("?") == len(MOVE_COLUMNS) * (in_rows // 3)
    with Session(engine) as session:
        first = insert_order(session, _order_values(order_number="2026-09001"))
        second = insert_order(session, _order_values(order_number="2026-09002"))
        connection = session.connection()
        single.run(connection, single.replace_all(params, order_id=first))
        count = sum(s.run(connection, holes.fill(second)) for s, holes in statements)
        stored = {
            order: [
                (m.part, m.on_hand_delta, m.reason, m.at, m.bin, m.kind)
                for m in session.exec(
                    select(Movement).where(Movement.order_id == order).order_by(Movement.id)  # type: ignore[arg-type]
                ).all()
            ]
            for order in (first, second)
        }
        session.rollback()
    assert count == len(rows)
    assert stored[second] == stored[first]
    assert [m[:3] for m in stored[second]] == rows


@pytest.mark.parametrize("column", UNSET_ON_NEW_ORDERS)
def test_a_new_order_row_with_a_value_its_insert_leaves_out_is_refused(
    engine: Engine, column: str
) -> None:
    """The new-order INSERT leaves these columns to NULL: a value for one is refused, never
    dropped silently."""
    values = _order_values(**{column: date(2026, 11, 26) if column.endswith("_on") else "X-1"})
    with pytest.raises(ValueError, match=column):
        PreparedOrder.of(engine.dialect, values, ())
    with Session(engine) as session, pytest.raises(ValueError, match=column):
        insert_order(session, values)


@given(
    rows=_movement_rows(max_size=9),
    max_rows=st.integers(min_value=1, max_value=4),
    order_id=st.integers(min_value=1, max_value=2**40),
)
def test_holes_handed_to_another_process_fill_like_the_originals(
    rows: list[tuple[str, int, str]], max_rows: int, order_id: int
) -> None:
    """Group commit hands a writer's converted rows to the writer in its turn as plain data
    (`Holes.plain`, marshalled); made again there (`Holes.from_plain`) they fill the order id
    in exactly where the original holes do."""
    statements, _ = _movement_inserts(sqlite_dialect(), rows, max_rows)
    for _statement, holes in statements:
        plain = holes.plain()
        assert plain is not None
        params, at = marshal.loads(marshal.dumps(plain))
        assert Holes.from_plain("order_id", params, at).fill(order_id) == holes.fill(order_id)


def test_many_converts_by_the_names_given_as_shared_each_time() -> None:
    """`many` works out once per statement and set of shared names where each value goes
    (`Prepared._layouts`): other shared names, or none, on the same statement, and a copy
    with other processors, each convert as they say."""
    dialect = sqlite_dialect()
    statement = prepare_insert(dialect, Movement, MOVE_COLUMNS)
    row = {
        "at": AT,
        "on_day": date(2026, 11, 25),
        "kind": "adjustment",
        "part": "P-1",
        "bin": "X-01",
        "on_hand_delta": 3,
        "reserved_delta": 0,
        "order_id": 7,
        "user_id": 1,
        "reason": "count",
    }
    expected = tuple(
        row[n] if p is None else p(row[n])
        for n, p in zip(statement.names, statement.processors, strict=True)
    )
    assert statement.many([row]) == [expected]
    shared = statement.many(
        [row | {"reason": "ignored", "order_id": 0}], reason="count", order_id=7
    )
    assert shared == [expected]
    assert statement.many([row], reason="other") == [
        tuple(
            "other" if n == "reason" else v for n, v in zip(statement.names, expected, strict=True)
        )
    ]
    assert statement.many([row]) == [expected]  # again without shared names
    shout = replace(
        statement,
        processors=tuple(
            str.upper if n == "part" else p
            for n, p in zip(statement.names, statement.processors, strict=True)
        ),
    )
    assert shout.many([row]) == [
        tuple(
            "P-1".upper() if n == "part" else v
            for n, v in zip(statement.names, expected, strict=True)
        )
    ]
    plain = replace(statement, processors=(None,) * len(statement.names))
    assert plain.many([row]) == [tuple(row[n] for n in statement.names)]


def test_rows_with_values_to_convert_in_every_row_are_converted_like_single_rows() -> None:
    """`insert_rows` converts each further row's own columns (an order line's price in
    cents) exactly as the single-row statement converts them."""
    dialect = sqlite_dialect()
    columns = LINE_COLUMNS
    rows = [
        {
            "position": i,
            "group_id": f"g{i}",
            "group_label": "G",
            "option_id": None if i == 2 else f"o{i}",
            "option_label": "O",
            "qty": i,
            "unit_price": Decimal(f"{i}.25"),
        }
        for i in range(1, 6)
    ]
    single = prepare_insert(dialect, OrderLine, columns)
    [(statement, holes)] = insert_rows(
        dialect, OrderLine, columns, rows, shared={"order_id": 0}, open_column="order_id"
    )
    [filled] = holes.fill(9)
    singles = [tuple(params) for params in single.many(rows, order_id=9)]
    assert filled == (*singles[0], *(v for params in singles[1:] for v in params[1:]))
    assert len(filled) == len(statement.names)


_MADE: list[Any] = []


def _line_row(item: tuple[int, str]) -> dict[str, Any]:
    """An order line's own values made from an item (counted in `_MADE`)."""
    _MADE.append(item)
    position, group = item
    return {
        "position": position,
        "group_id": group,
        "group_label": "G",
        "option_id": None if position == 2 else f"o{position}",
        "option_label": "O",
        "qty": position,
        "unit_price": Decimal(f"{position}.25"),
    }


@pytest.mark.parametrize(
    "dialect",
    [sqlite_dialect(), postgresql_dialect()],  # type: ignore[no-untyped-call]
    ids=str,
)
def test_rows_of_shared_items_are_made_once(
    dialect: Dialect, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`insert_rows_of` gives what `insert_rows` gives for the same rows, and on SQLite makes
    an item's row once (by the item's identity, at most `MAX_ITEMS_REMEMBERED` items)."""
    items = [(i, f"g{i}") for i in range(1, 8)]
    _MADE.clear()
    expected = insert_rows(
        dialect,
        OrderLine,
        LINE_COLUMNS,
        [_line_row(item) for item in items],
        shared={"order_id": 0},
        open_column="order_id",
        max_rows=3,
    )

    def rows_of() -> Any:
        return prepared.insert_rows_of(
            dialect,
            OrderLine,
            LINE_COLUMNS,
            items,
            _line_row,
            shared={"order_id": 0},
            open_column="order_id",
            max_rows=3,
        )

    for _ in range(3):
        _MADE.clear()
        made = rows_of()
        assert [(s.sql, h.fill(9)) for s, h in made] == [(s.sql, h.fill(9)) for s, h in expected]
    positional = dialect.paramstyle == "qmark"
    assert ([] if positional else items) == _MADE  # made once, by the first of the three
    monkeypatch.setattr(prepared, "MAX_ITEMS_REMEMBERED", 2)
    _MADE.clear()
    again = rows_of()
    assert [h.fill(9) for _, h in again] == [h.fill(9) for _, h in expected]


@given(
    amounts=st.lists(
        st.decimals(min_value=-(10**6), max_value=10**6, places=3, allow_nan=False), max_size=8
    ),
    instants=st.lists(
        st.datetimes(timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30))])),
        max_size=6,
    ),
)
def test_remembered_conversions_are_the_types_own(
    amounts: list[Decimal], instants: list[datetime]
) -> None:
    """Money, timestamps and dates are converted once per value (`prepared._remembering`):
    each value, also one equal to a remembered one in another form (12.5 and 12.50, one
    instant in two time zones), converts to what the type's processor makes of it, and a
    value the type refuses is refused every time."""
    dialect = sqlite_dialect()
    statement = order_statement(dialect)
    for column, values in (
        ("total", [*amounts, *(a.quantize(Decimal("0.0001")) for a in amounts), 5, 5.0]),
        ("vat_rate", [*amounts, Decimal("0.19"), Decimal("0.1900")]),  # other places
        ("created_at", [*instants, *(i.astimezone(UTC) for i in instants)]),
        ("quoted_on", [*(i.date() for i in instants), *instants]),
    ):
        column_type = SalesOrder.__table__.c[column].type  # type: ignore[attr-defined]
        own = column_type.dialect_impl(dialect).bind_processor(dialect)
        remembered = statement.processors[statement.names.index(column)]
        assert own is not None
        assert remembered is not None
        assert remembered is not own
        for value in values:
            try:
                expected = own(value)
            except (ValueError, TypeError, ArithmeticError) as exc:
                with pytest.raises(type(exc)):
                    remembered(value)
            else:
                assert remembered(value) == expected


def test_parameters_of_one_type_share_what_was_converted() -> None:
    """One memo per column type and dialect: an order's timestamp, bound as its creation and
    update time and as its movements' time, is converted once (the very same result comes
    back), while another type with other places keeps its own."""
    dialect = sqlite_dialect()
    order = order_statement(dialect)
    moves = prepare_insert(dialect, Movement, MOVEMENT_COLUMNS)
    created, updated, moved = (
        order.processors[order.names.index("created_at")],
        order.processors[order.names.index("updated_at")],
        moves.processors[moves.names.index("at")],
    )
    assert created is not None
    assert updated is not None
    assert moved is not None
    at = datetime(2026, 11, 26, 14, 30, 12, 345678, tzinfo=UTC)
    first = created(at)
    assert updated(at) is first
    assert moved(at) is first
    total = order.processors[order.names.index("total")]
    rate = order.processors[order.names.index("vat_rate")]
    assert total is not None
    assert rate is not None
    assert total(Decimal("0.19")) == 19
    assert rate(Decimal("0.19")) != 19  # its own places, its own memo


def test_remembered_conversions_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prepared, "MAX_REMEMBERED", 3)
    convert = prepared._remembering(lambda value: value * 2, Decimal, {})
    for n in range(10):
        assert convert(Decimal(n)) == 2 * n
    assert convert(Decimal(1)) == 2
    with pytest.raises(ArithmeticError):  # a signalling NaN: no hash, converted (and refused)
        convert(Decimal("sNaN"))


def test_a_late_value_replaces_every_parameter_of_its_name() -> None:
    """`replace` fills a value in at every position of its name (a name bound twice, like the
    quantity of the conditional reservation), through positions looked up once; a name the
    statement does not have is refused."""
    statement = reserve_statement(sqlite_dialect())
    assert statement.names.count("qty") == 2
    [params] = statement.many([{"stock_id": 4, "stock_part": "P", "stock_bin": "B", "qty": 1}])
    for qty in (3, 5):
        replaced = statement.replace(params, qty=qty, stock_id=9)
        assert replaced == tuple(
            qty if n == "qty" else 9 if n == "stock_id" else v
            for n, v in zip(statement.names, params, strict=True)
        )
    with pytest.raises(ValueError, match="order_id"):
        statement.replace(params, order_id=1)


def test_a_takes_reservation_parameters_are_made_once() -> None:
    """`reserve_params` remembers each take's parameters (by identity): the same take gives
    the very same parameters, equal to converting its row anew."""
    from configurator.orders.allocation import Take
    from configurator.orders.stockio import reserve_params

    dialect = sqlite_dialect()
    takes = [Take(i, f"P-{i}", "A-01", i + 1) for i in range(4)]
    first = reserve_params(dialect, takes)
    second = reserve_params(dialect, takes)
    assert all(a is b for a, b in zip(first, second, strict=True))
    fresh = reserve_statement(dialect).many(
        {"stock_id": t.stock_id, "stock_part": t.part, "stock_bin": t.bin, "qty": t.qty}
        for t in takes
    )
    assert first == fresh
    assert reserve_params(dialect, [Take(9, "P-9", "B-02", 3)]) == reserve_statement(dialect).many(
        [{"stock_id": 9, "stock_part": "P-9", "stock_bin": "B-02", "qty": 3}]
    )
