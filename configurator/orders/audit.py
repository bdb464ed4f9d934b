"""The audit log: price changes, discounts, cancellations and stock adjustments."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlmodel import Session

from configurator.store.models import AuditLog


class AuditAction(StrEnum):
    DISCOUNT = "discount"
    PRICE_CHANGE = "price_change"
    CANCELLATION = "cancellation"
    STOCK_ADJUSTMENT = "stock_adjustment"


def record(
    session: Session,
    *,
    action: AuditAction,
    entity: str,
    entity_id: str,
    user_id: int | None,
    at: datetime,
    approved_by: int | None = None,
    **details: Any,
) -> None:
    """Add one audit row in the caller's transaction (it commits or rolls back with it)."""
    session.add(
        AuditLog(
            at=at,
            user_id=user_id,
            approved_by=approved_by,
            action=action,
            entity=entity,
            entity_id=entity_id,
            details={k: _jsonable(v) for k, v in details.items()},
        )
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return str(value)
