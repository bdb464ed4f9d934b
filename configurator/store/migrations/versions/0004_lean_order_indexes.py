"""Leaner indexes on the order tables: an order writes a dozen parts, and every index keyed
by part put each of them on another index page of the write transaction (half of an order's
WAL pages). Parts are looked up by part only while they are backordered, so that index
becomes partial; nothing reads reservations or movements by part; the status index is the
prefix of (status, promised_on).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 18:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_order_part_part", table_name="order_part")
    op.create_index(
        "ix_order_part_backorder",
        "order_part",
        ["part"],
        sqlite_where=sa.text("short > 0"),
        postgresql_where=sa.text("short > 0"),
    )
    op.drop_index("ix_reservation_part", table_name="reservation")
    op.drop_index("ix_movement_part_at", table_name="movement")
    op.drop_index("ix_sales_order_status", table_name="sales_order")


def downgrade() -> None:
    op.create_index("ix_sales_order_status", "sales_order", ["status"])
    op.create_index("ix_movement_part_at", "movement", ["part", "at"])
    op.create_index("ix_reservation_part", "reservation", ["part"])
    op.drop_index("ix_order_part_backorder", table_name="order_part")
    op.create_index("ix_order_part_part", "order_part", ["part"])
