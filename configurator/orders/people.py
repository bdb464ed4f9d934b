"""Who can sign in, and the shop's customers: the lists the counter picks from.

Small reads (and one write) that the GUI's login page and customer picker need; returned as
frozen values so no ORM object leaves its session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, bindparam
from sqlalchemy import select as sqla_select
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, col, select

from configurator.errors import UserError
from configurator.orders.errors import OrderError
from configurator.orders.retry import run_write
from configurator.store.database import reader
from configurator.store.models import Customer, User
from configurator.store.prepared import prepare

MAX_NAME = 200


@dataclass(frozen=True, slots=True)
class UserInfo:
    name: str
    full_name: str
    role: str


@dataclass(frozen=True, slots=True)
class CustomerInfo:
    id: int
    name: str
    email: str = ""
    phone: str = ""
    address: str = ""


def list_users(engine: Engine) -> list[UserInfo]:
    """Active users by name (for the login list; no PIN hashes leave the store)."""
    with Session(reader(engine)) as session:
        rows = session.exec(select(User).where(col(User.active)).order_by(col(User.name))).all()
        result = [UserInfo(u.name, u.full_name, u.role) for u in rows]
        session.rollback()
    return result


def list_customers(engine: Engine) -> list[CustomerInfo]:
    with Session(reader(engine)) as session:
        rows = session.exec(select(Customer).order_by(col(Customer.name))).all()
        result = [
            CustomerInfo(c.id, c.name, c.email, c.phone, c.address)
            for c in rows
            if c.id is not None
        ]
        session.rollback()
    return result


def create_customer(
    engine: Engine,
    *,
    name: str,
    email: str = "",
    phone: str = "",
    address: str = "",
    now: datetime,
) -> CustomerInfo:
    """A new customer; a name is required, everything else may stay empty."""
    name = name.strip()
    if not name:
        raise UserError("A customer needs a name.", hint="Type the customer's name.")
    for label, value, limit in (
        ("name", name, MAX_NAME),
        ("e-mail", email, 200),
        ("phone", phone, 64),
        ("address", address, 500),
    ):
        if len(value) > limit:
            raise UserError(
                f"The customer's {label} is {len(value)} characters long; at most {limit} fit.",
                hint="Shorten it.",
            )

    def work(session: Session) -> CustomerInfo:
        row = Customer(
            name=name,
            email=email.strip(),
            phone=phone.strip(),
            address=address.strip(),
            created_at=now,
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        return CustomerInfo(row.id, row.name, row.email, row.phone, row.address)

    return run_write(engine, work)


def get_customer(engine: Engine, customer_id: int) -> CustomerInfo:
    """One customer by id; a clear error for an unknown id."""
    with Session(reader(engine)) as session:
        row = session.get(Customer, customer_id)
        found = (
            CustomerInfo(customer_id, row.name, row.email, row.phone, row.address)
            if row is not None
            else None
        )
        session.rollback()
    if found is None:
        raise UserError(
            f"There is no customer {customer_id}.",
            hint="configurator customer list shows the customers and their ids.",
        )
    return found


def customer_name(session: Session, customer_id: int | None) -> str | None:
    """The customer's name (None without a customer), inside the caller's transaction;
    refuses an unknown id."""
    if customer_id is None:
        return None
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise _no_customer(customer_id)
    return customer.name


def customer_name_on(connection: Connection, customer_id: int | None) -> str | None:
    """`customer_name` with a prepared Core statement on the connection (an order's write
    turn without an ORM session)."""
    if customer_id is None:
        return None
    statement = prepare("customer_name", connection.dialect, _select_customer_name)
    rows = statement.fetch(connection, statement.one({"customer_id": customer_id}))
    if not rows:
        raise _no_customer(customer_id)
    return str(rows[0][0])


def _select_customer_name() -> Select[tuple[str]]:
    table = Customer.__table__  # type: ignore[attr-defined]
    return sqla_select(table.c.name).where(table.c.id == bindparam("customer_id"))


def _no_customer(customer_id: int) -> OrderError:
    return OrderError(
        f"There is no customer with id {customer_id}.",
        hint="Pick an existing customer or create one first.",
    )
