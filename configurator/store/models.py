"""The store's tables (sqlmodel): stock, receipts, reservations, movements, orders, users, audit.

Stock arithmetic, the contract every module reads and writes by:

* `Stock` has one row per part and bin with `on_hand` (physically in the bin) and `reserved`
  (promised to open orders, still in the bin). **available = on_hand - reserved**; it is not
  stored, so it can never drift. CHECK constraints keep `0 <= reserved <= on_hand`.
* Placing an order raises `reserved` with a conditional update
  (`... SET reserved = reserved + :q WHERE id = :id AND on_hand - reserved >= :q`, row count
  checked) inside the write transaction, and writes one `Reservation` per part and bin.
* Assembling consumes: `on_hand` and `reserved` both drop by the reserved quantity.
  Cancelling releases: `reserved` drops. Receiving goods raises `on_hand`. An adjustment
  (stock count) changes `on_hand` and needs a reason.
* Every one of those changes writes a `Movement` row (who, when, why, signed deltas of
  on_hand and reserved), so the stock of a part is the sum of its movements.
* `Receipt` rows are expected deliveries (not yet in stock while `received` is false).
* An order that the clerk accepted as a backorder has `OrderPart.short` > 0: parts it still
  waits for; receiving goods reserves them for the oldest waiting order first.

Money is stored as integer cents (`Money`) and percentages as hundredths (`Percent`), so the
same exact `Decimal` comes back from SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, Index, UniqueConstraint, text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import DateTime, TypeDecorator
from sqlmodel import Field, SQLModel


class ScaledDecimal(TypeDecorator[Decimal]):
    """An exact decimal with a fixed number of places, stored as a scaled integer."""

    impl = BigInteger
    cache_ok = True

    def __init__(self, places: int = 2) -> None:
        super().__init__()
        self.places = places
        self._scale = Decimal(10) ** places

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        if value is None:
            return None
        scaled = Decimal(value) * self._scale
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{value} has more than {self.places} decimal places")
        return int(scaled)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return (Decimal(int(value)) / self._scale).quantize(Decimal(1).scaleb(-self.places))


class Money(ScaledDecimal):
    """Money in cents."""

    cache_ok = True

    def __init__(self) -> None:
        super().__init__(2)


class Percent(ScaledDecimal):
    """A percentage with two decimals (12.5 % is stored as 1250)."""

    cache_ok = True

    def __init__(self) -> None:
        super().__init__(2)


class Rate(ScaledDecimal):
    """A fraction with four decimals (a VAT rate of 0.19 is stored as 1900)."""

    cache_ok = True

    def __init__(self) -> None:
        super().__init__(4)


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on both backends (SQLite drops the zone otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")

        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None

        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Role(StrEnum):
    CLERK = "clerk"
    WORKSHOP = "workshop"
    MANAGER = "manager"


class OrderStatus(StrEnum):
    """quote -> ordered -> in_assembly -> assembled -> handed_over; cancelled from any open one."""

    QUOTE = "quote"
    ORDERED = "ordered"
    IN_ASSEMBLY = "in_assembly"
    ASSEMBLED = "assembled"
    HANDED_OVER = "handed_over"
    CANCELLED = "cancelled"


class MovementKind(StrEnum):
    RECEIPT = "receipt"
    RESERVATION = "reservation"
    RELEASE = "release"
    CONSUMPTION = "consumption"
    ADJUSTMENT = "adjustment"


class ReservationState(StrEnum):
    HELD = "held"
    RELEASED = "released"
    CONSUMED = "consumed"


# --- catalog parts and stock -------------------------------------------------------------


class ComponentBase(SQLModel):
    part: str = Field(primary_key=True, max_length=64)
    name: str = Field(max_length=200)
    bin: str = Field(max_length=32, description="default bin for receipts")
    lead_time_days: int = Field(ge=0)
    build_minutes: int | None = None
    catalog_id: str = Field(max_length=64)


class Component(ComponentBase, table=True):
    __tablename__ = "component"


class StockBase(SQLModel):
    part: str = Field(foreign_key="component.part", max_length=64, index=True)
    bin: str = Field(max_length=32)
    on_hand: int = 0
    reserved: int = 0


class Stock(StockBase, table=True):
    __tablename__ = "stock"
    __table_args__ = (
        UniqueConstraint("part", "bin", name="uq_stock_part_bin"),
        CheckConstraint("on_hand >= 0", name="ck_stock_on_hand"),
        CheckConstraint("reserved >= 0 AND reserved <= on_hand", name="ck_stock_reserved"),
    )
    id: int | None = Field(default=None, primary_key=True)


class ReceiptBase(SQLModel):
    part: str = Field(foreign_key="component.part", max_length=64, index=True)
    qty: int
    expected_on: date
    supplier_ref: str = Field(default="", max_length=64)
    received: bool = False
    received_on: date | None = None


class Receipt(ReceiptBase, table=True):
    """An expected delivery; `received` turns true when it is booked into stock."""

    __tablename__ = "receipt"
    __table_args__ = (CheckConstraint("qty > 0", name="ck_receipt_qty"),)
    id: int | None = Field(default=None, primary_key=True)


# --- people ------------------------------------------------------------------------------


class UserBase(SQLModel):
    name: str = Field(max_length=64, unique=True)
    full_name: str = Field(default="", max_length=200)
    role: str = Field(max_length=16, description="a Role value")
    active: bool = True


class User(UserBase, table=True):
    __tablename__ = "app_user"
    id: int | None = Field(default=None, primary_key=True)
    pin_hash: str = Field(max_length=200)
    failed_pin_attempts: int = 0
    locked_until: datetime | None = Field(default=None, sa_type=UtcDateTime)


class CustomerBase(SQLModel):
    name: str = Field(max_length=200, index=True)
    email: str = Field(default="", max_length=200)
    phone: str = Field(default="", max_length=64)
    address: str = Field(default="", max_length=500)


class Customer(CustomerBase, table=True):
    __tablename__ = "customer"
    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(sa_type=UtcDateTime)


# --- quotes and orders -------------------------------------------------------------------


class SalesOrder(SQLModel, table=True):
    """A quote or an order: one row through the whole lifecycle (see OrderStatus).

    The configuration is frozen here: picks, catalog id and version hash, prices; the resolved
    bill of material is in `OrderPart`, the readable configuration lines in `OrderLine`.
    """

    __tablename__ = "sales_order"
    __table_args__ = (
        Index("ix_sales_order_status_promised", "status", "promised_on"),
        # Walk-in orders have no customer: they skip this index (one page less per commit).
        Index(
            "ix_sales_order_customer_id",
            "customer_id",
            sqlite_where=text("customer_id IS NOT NULL"),
            postgresql_where=text("customer_id IS NOT NULL"),
        ),
        # Only orders handed to another writer's commit have a token (orders.groupcommit).
        Index(
            "ix_sales_order_request_token",
            "request_token",
            unique=True,
            sqlite_where=text("request_token IS NOT NULL"),
            postgresql_where=text("request_token IS NOT NULL"),
        ),
        CheckConstraint(
            "discount_percent >= 0 AND discount_percent <= 10000", name="ck_order_discount"
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    quote_number: str | None = Field(default=None, max_length=32, unique=True)
    order_number: str | None = Field(default=None, max_length=32, unique=True)
    status: str = Field(max_length=16, description="an OrderStatus value")
    customer_id: int | None = Field(default=None, foreign_key="customer.id")
    created_by: int = Field(foreign_key="app_user.id")
    created_at: datetime = Field(sa_type=UtcDateTime)
    quoted_on: date
    valid_until: date
    ordered_on: date | None = Field(default=None, index=True)
    catalog_id: str = Field(max_length=64)
    catalog_version: str = Field(max_length=64, description="sha256 of the catalog file")
    config_code: str = Field(default="", max_length=500)
    picks: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    base_price: Decimal = Field(sa_type=Money)
    list_price: Decimal = Field(sa_type=Money, description="base price + options, before discount")
    discount_percent: Decimal = Field(default=Decimal("0"), sa_type=Percent)
    discount_amount: Decimal = Field(default=Decimal("0"), sa_type=Money)
    discount_approved_by: int | None = Field(default=None, foreign_key="app_user.id")
    total: Decimal = Field(sa_type=Money, description="list price - discount (gross, VAT incl.)")
    vat_rate: Decimal = Field(sa_type=Rate, description="a fraction, e.g. 0.19")
    vat_amount: Decimal = Field(sa_type=Money, description="the VAT contained in `total`")
    backorder: bool = False
    promised_on: date | None = Field(default=None, description="planned assembly day")
    handover_on: date | None = None
    promise_reason: str = Field(default="", max_length=500)
    serial_number: str | None = Field(default=None, max_length=64)
    assembled_on: date | None = None
    handed_over_on: date | None = None
    cancelled_on: date | None = None
    cancel_reason: str = Field(default="", max_length=500)
    notes: str = Field(default="", max_length=4000)
    updated_at: datetime = Field(sa_type=UtcDateTime)
    request_token: str | None = Field(
        default=None,
        max_length=40,
        description="set when another writer committed the order for its counter "
        "(orders.groupcommit): never placed twice",
    )


class OrderLine(SQLModel, table=True):
    """One readable configuration line: group, option, quantity, price (as quoted)."""

    __tablename__ = "order_line"
    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="sales_order.id", index=True)
    position: int
    group_id: str = Field(max_length=64)
    group_label: str = Field(max_length=200)
    option_id: str | None = Field(default=None, max_length=64)
    option_label: str = Field(max_length=200)
    qty: int = 1
    unit_price: Decimal = Field(sa_type=Money)


class OrderPart(SQLModel, table=True):
    """The resolved bill of material, frozen at order time (quotes have it too).

    `qty` is what the laptop takes; `short` is what a backorder still waits for. A part that
    the shop builds from its `made_of` parts has `built` set, and its sub-parts carry
    `parent` so the workshop knows what to build first.
    """

    __tablename__ = "order_part"
    __table_args__ = (
        # Only backorders are looked up by part (receiving, coverage); an index over every
        # order's parts cost each order a dozen scattered index pages in the write transaction.
        Index(
            "ix_order_part_backorder",
            "part",
            sqlite_where=text("short > 0"),
            postgresql_where=text("short > 0"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="sales_order.id", index=True)
    part: str = Field(foreign_key="component.part", max_length=64)
    qty: int
    short: int = 0
    parent: str | None = Field(default=None, max_length=64)
    built: int = Field(default=0, description="how many of `qty` are built in-house")


class Reservation(SQLModel, table=True):
    __tablename__ = "reservation"
    __table_args__ = (CheckConstraint("qty > 0", name="ck_reservation_qty"),)
    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="sales_order.id", index=True)
    part: str = Field(foreign_key="component.part", max_length=64)
    bin: str = Field(max_length=32)
    stock_id: int = Field(foreign_key="stock.id")
    qty: int
    # not indexed: held reservations are found by order (lifecycle, views) or through the
    # open orders (lost stock); a state index cost every order 13 entries (migration 0005)
    state: str = Field(default=ReservationState.HELD, max_length=16)
    created_at: datetime = Field(sa_type=UtcDateTime)


class Movement(SQLModel, table=True):
    """One change of stock: deltas of on_hand and reserved, with who, when and why."""

    __tablename__ = "movement"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=UtcDateTime)
    on_day: date = Field(description="the business day (the caller's 'today')")
    kind: str = Field(max_length=16, description="a MovementKind value")
    part: str = Field(foreign_key="component.part", max_length=64)
    bin: str = Field(max_length=32)
    on_hand_delta: int = 0
    reserved_delta: int = 0
    # not indexed: nothing reads movements by order, and the index was 13 entries per order
    order_id: int | None = Field(default=None, foreign_key="sales_order.id")
    receipt_id: int | None = Field(default=None, foreign_key="receipt.id")
    user_id: int | None = Field(default=None, foreign_key="app_user.id")
    reason: str = Field(default="", max_length=500)


class AuditLog(SQLModel, table=True):
    """Price changes, discounts, cancellations, stock adjustments: who, when, what, approved by."""

    __tablename__ = "audit_log"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=UtcDateTime, index=True)
    user_id: int | None = Field(default=None, foreign_key="app_user.id")
    approved_by: int | None = Field(default=None, foreign_key="app_user.id")
    action: str = Field(max_length=32, index=True)
    entity: str = Field(max_length=32)
    entity_id: str = Field(max_length=64)
    details: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)


class Counter(SQLModel, table=True):
    """Gap-free numbering: one row per series and year, bumped in the caller's transaction."""

    __tablename__ = "counter"
    series: str = Field(primary_key=True, max_length=16)
    year: int = Field(primary_key=True)
    value: int = 0
