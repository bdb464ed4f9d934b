"""Workshop events: assembly start/finish, QC ticks, failures and send-backs (who and when).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 16:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "workshop_event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("order_id", sa.Integer(), sa.ForeignKey("sales_order.id"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("on_day", sa.Date(), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("item", sa.Integer(), nullable=True),
        sa.Column("text", sa.String(length=500), nullable=False, server_default=""),
        sa.Column("serial_number", sa.String(length=64), nullable=True),
    )
    op.create_index("ix_workshop_event_order_at", "workshop_event", ["order_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_workshop_event_order_at", table_name="workshop_event")
    op.drop_table("workshop_event")
