"""Initial schema: parts, stock, receipts, orders, reservations, movements, users, audit.

Revision ID: 0001
Revises:
Create Date: 2026-11-25 15:48:24.183174
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('app_user',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pin_hash', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('component',
    sa.Column('part', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('bin', sa.String(length=32), nullable=False),
    sa.Column('lead_time_days', sa.Integer(), nullable=False),
    sa.Column('build_minutes', sa.Integer(), nullable=True),
    sa.Column('catalog_id', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('part')
    )
    op.create_table('counter',
    sa.Column('series', sa.String(length=16), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('series', 'year')
    )
    op.create_table('customer',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=64), nullable=False),
    sa.Column('address', sa.String(length=500), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_customer_name'), 'customer', ['name'], unique=False)

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('approved_by', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['approved_by'], ['app_user.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_audit_log_action'), 'audit_log', ['action'], unique=False)
    op.create_index(op.f('ix_audit_log_at'), 'audit_log', ['at'], unique=False)

    op.create_table('receipt',
    sa.Column('part', sa.String(length=64), nullable=False),
    sa.Column('qty', sa.Integer(), nullable=False),
    sa.Column('expected_on', sa.Date(), nullable=False),
    sa.Column('supplier_ref', sa.String(length=64), nullable=False),
    sa.Column('received', sa.Boolean(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.CheckConstraint('qty > 0', name='ck_receipt_qty'),
    sa.ForeignKeyConstraint(['part'], ['component.part'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_receipt_part'), 'receipt', ['part'], unique=False)

    op.create_table('sales_order',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('quote_number', sa.String(length=32), nullable=True),
    sa.Column('order_number', sa.String(length=32), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('quoted_on', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('ordered_on', sa.Date(), nullable=True),
    sa.Column('catalog_id', sa.String(length=64), nullable=False),
    sa.Column('catalog_version', sa.String(length=64), nullable=False),
    sa.Column('config_code', sa.String(length=500), nullable=False),
    sa.Column('picks', sa.JSON(), nullable=False),
    sa.Column('base_price', sa.BigInteger(), nullable=False),
    sa.Column('list_price', sa.BigInteger(), nullable=False),
    sa.Column('discount_percent', sa.BigInteger(), nullable=False),
    sa.Column('discount_amount', sa.BigInteger(), nullable=False),
    sa.Column('discount_approved_by', sa.Integer(), nullable=True),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('vat_rate', sa.BigInteger(), nullable=False),
    sa.Column('vat_amount', sa.BigInteger(), nullable=False),
    sa.Column('backorder', sa.Boolean(), nullable=False),
    sa.Column('promised_on', sa.Date(), nullable=True),
    sa.Column('handover_on', sa.Date(), nullable=True),
    sa.Column('promise_reason', sa.String(length=500), nullable=False),
    sa.Column('serial_number', sa.String(length=64), nullable=True),
    sa.Column('assembled_on', sa.Date(), nullable=True),
    sa.Column('handed_over_on', sa.Date(), nullable=True),
    sa.Column('cancelled_on', sa.Date(), nullable=True),
    sa.Column('cancel_reason', sa.String(length=500), nullable=False),
    sa.Column('notes', sa.String(length=4000), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('discount_percent >= 0 AND discount_percent <= 10000', name='ck_order_discount'),
    sa.ForeignKeyConstraint(['created_by'], ['app_user.id'], ),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], ),
    sa.ForeignKeyConstraint(['discount_approved_by'], ['app_user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('order_number'),
    sa.UniqueConstraint('quote_number')
    )
    op.create_index(op.f('ix_sales_order_customer_id'), 'sales_order', ['customer_id'], unique=False)
    op.create_index(op.f('ix_sales_order_ordered_on'), 'sales_order', ['ordered_on'], unique=False)
    op.create_index(op.f('ix_sales_order_status'), 'sales_order', ['status'], unique=False)
    op.create_index('ix_sales_order_status_promised', 'sales_order', ['status', 'promised_on'], unique=False)

    op.create_table('stock',
    sa.Column('part', sa.String(length=64), nullable=False),
    sa.Column('bin', sa.String(length=32), nullable=False),
    sa.Column('on_hand', sa.Integer(), nullable=False),
    sa.Column('reserved', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.CheckConstraint('on_hand >= 0', name='ck_stock_on_hand'),
    sa.CheckConstraint('reserved >= 0 AND reserved <= on_hand', name='ck_stock_reserved'),
    sa.ForeignKeyConstraint(['part'], ['component.part'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('part', 'bin', name='uq_stock_part_bin')
    )
    op.create_index(op.f('ix_stock_part'), 'stock', ['part'], unique=False)

    op.create_table('movement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('on_day', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('part', sa.String(length=64), nullable=False),
    sa.Column('bin', sa.String(length=32), nullable=False),
    sa.Column('on_hand_delta', sa.Integer(), nullable=False),
    sa.Column('reserved_delta', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.Column('receipt_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['sales_order.id'], ),
    sa.ForeignKeyConstraint(['part'], ['component.part'], ),
    sa.ForeignKeyConstraint(['receipt_id'], ['receipt.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_movement_order_id'), 'movement', ['order_id'], unique=False)
    op.create_index('ix_movement_part_at', 'movement', ['part', 'at'], unique=False)

    op.create_table('order_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.String(length=64), nullable=False),
    sa.Column('group_label', sa.String(length=200), nullable=False),
    sa.Column('option_id', sa.String(length=64), nullable=True),
    sa.Column('option_label', sa.String(length=200), nullable=False),
    sa.Column('qty', sa.Integer(), nullable=False),
    sa.Column('unit_price', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['sales_order.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_order_line_order_id'), 'order_line', ['order_id'], unique=False)

    op.create_table('order_part',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('part', sa.String(length=64), nullable=False),
    sa.Column('qty', sa.Integer(), nullable=False),
    sa.Column('short', sa.Integer(), nullable=False),
    sa.Column('parent', sa.String(length=64), nullable=True),
    sa.Column('built', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['sales_order.id'], ),
    sa.ForeignKeyConstraint(['part'], ['component.part'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_order_part_order_id'), 'order_part', ['order_id'], unique=False)
    op.create_index(op.f('ix_order_part_part'), 'order_part', ['part'], unique=False)

    op.create_table('reservation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('part', sa.String(length=64), nullable=False),
    sa.Column('bin', sa.String(length=32), nullable=False),
    sa.Column('stock_id', sa.Integer(), nullable=False),
    sa.Column('qty', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('qty > 0', name='ck_reservation_qty'),
    sa.ForeignKeyConstraint(['order_id'], ['sales_order.id'], ),
    sa.ForeignKeyConstraint(['part'], ['component.part'], ),
    sa.ForeignKeyConstraint(['stock_id'], ['stock.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_reservation_order_id'), 'reservation', ['order_id'], unique=False)
    op.create_index(op.f('ix_reservation_part'), 'reservation', ['part'], unique=False)
    op.create_index(op.f('ix_reservation_state'), 'reservation', ['state'], unique=False)



def downgrade() -> None:
    op.drop_index(op.f('ix_reservation_state'), table_name='reservation')
    op.drop_index(op.f('ix_reservation_part'), table_name='reservation')
    op.drop_index(op.f('ix_reservation_order_id'), table_name='reservation')

    op.drop_table('reservation')
    op.drop_index(op.f('ix_order_part_part'), table_name='order_part')
    op.drop_index(op.f('ix_order_part_order_id'), table_name='order_part')

    op.drop_table('order_part')
    op.drop_index(op.f('ix_order_line_order_id'), table_name='order_line')

    op.drop_table('order_line')
    op.drop_index('ix_movement_part_at', table_name='movement')
    op.drop_index(op.f('ix_movement_order_id'), table_name='movement')

    op.drop_table('movement')
    op.drop_index(op.f('ix_stock_part'), table_name='stock')

    op.drop_table('stock')
    op.drop_index('ix_sales_order_status_promised', table_name='sales_order')
    op.drop_index(op.f('ix_sales_order_status'), table_name='sales_order')
    op.drop_index(op.f('ix_sales_order_ordered_on'), table_name='sales_order')
    op.drop_index(op.f('ix_sales_order_customer_id'), table_name='sales_order')

    op.drop_table('sales_order')
    op.drop_index(op.f('ix_receipt_part'), table_name='receipt')

    op.drop_table('receipt')
    op.drop_index(op.f('ix_audit_log_at'), table_name='audit_log')
    op.drop_index(op.f('ix_audit_log_action'), table_name='audit_log')

    op.drop_table('audit_log')
    op.drop_index(op.f('ix_customer_name'), table_name='customer')

    op.drop_table('customer')
    op.drop_table('counter')
    op.drop_table('component')
    op.drop_table('app_user')
