"""The workshop's own table: every start, QC tick, failure, send-back and finish, with who/when.

One append-only event table rather than columns on the order: the QC checklist is ticked item by
item and may be run more than once (a failed check sends the laptop back for rework), and the
owner wants the whole trail, not just the last state. Created by migration 0003.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from configurator.store.models import UtcDateTime


class WorkshopEventKind(StrEnum):
    START = "start"
    QC_PASS = "qc_pass"
    QC_FAIL = "qc_fail"
    SENT_BACK = "sent_back"
    FINISH = "finish"


class WorkshopEvent(SQLModel, table=True):
    __tablename__ = "workshop_event"
    __table_args__ = (Index("ix_workshop_event_order_at", "order_id", "id"),)
    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="sales_order.id")
    at: datetime = Field(sa_type=UtcDateTime)
    on_day: date
    user_id: int = Field(foreign_key="app_user.id")
    kind: str = Field(max_length=16, description="a WorkshopEventKind value")
    item: int | None = Field(default=None, description="QC item index (0-based)")
    text: str = Field(default="", max_length=500, description="QC item text or a reason")
    serial_number: str | None = Field(default=None, max_length=64)
