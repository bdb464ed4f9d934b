"""A request token on orders placed by another writer's commit (group commit, see
`orders.groupcommit`): a writer that hands its planned order to the writer ahead of it in the
queue gives it a unique token, stored with the order. If that writer dies after its COMMIT but
before answering, the token tells whether the order is already there, so it is never placed
twice. Most orders carry none: the index is partial, so they skip it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 07:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("sales_order", sa.Column("request_token", sa.String(length=40), nullable=True))
    op.create_index(
        "ix_sales_order_request_token",
        "sales_order",
        ["request_token"],
        unique=True,
        sqlite_where=sa.text("request_token IS NOT NULL"),
        postgresql_where=sa.text("request_token IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_sales_order_request_token", table_name="sales_order")
    op.drop_column("sales_order", "request_token")  # SQLite 3.35+ drops a column in place
