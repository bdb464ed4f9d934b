"""Plain-data views of availability answers: JSON for the CLI, and rows for tables.

The CLI's `--json` output is exactly these dictionaries (documented in docs/inventory.md), so
tests, the GUI's authors and other tools share one schema.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from configurator.inventory.availability import Availability, PartAvailability
from configurator.inventory.calendar import short_date
from configurator.inventory.promise import Promise
from configurator.inventory.service import OptionAvailability


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def part_dict(line: PartAvailability, today: date) -> dict[str, Any]:
    receipt = line.next_receipt
    return {
        "part": line.part,
        "name": line.name,
        "level": line.level,
        "top_level": line.top_level,
        "needed_for": list(line.needed_for),
        "needed": line.needed,
        "on_hand": line.on_hand,
        "reserved": line.reserved,
        "backordered": line.stock.backordered,
        "available": line.available,
        "incoming": line.stock.incoming,
        "next_receipt": None
        if receipt is None
        else {"qty": receipt.qty, "due": _day(receipt.due), "supplier_ref": receipt.supplier_ref},
        "source": line.source.value,
        "ready": _day(line.ready),
        "lead_time_days": line.lead_time_days,
        "build_units": line.build_units,
        "build_days": line.build_days,
        "reason": line.describe(today),
    }


def availability_dict(availability: Availability) -> dict[str, Any]:
    today = availability.today
    return {
        "today": _day(today),
        "ready": _day(availability.ready),
        "in_stock": availability.in_stock,
        "reason": availability.reason,
        "limiting": [line.part for line in availability.limiting],
        "parts": [part_dict(line, today) for line in availability.parts],
    }


def promise_dict(result: Promise) -> dict[str, Any]:
    return {
        "parts_ready": _day(result.parts_ready),
        "assembly_start": _day(result.assembly_start),
        "assembly_date": _day(result.assembly_date),
        "handover_date": _day(result.handover_date),
        "limit": result.limit.value,
        "minutes": result.minutes,
        "explanation": result.explanation,
    }


def options_dict(
    options: Mapping[str, Mapping[str, OptionAvailability]],
) -> dict[str, dict[str, dict[str, Any]]]:
    return {
        group: {
            option: {
                "status": item.status.status.value,
                "text": item.status.text,
                "ready": _day(item.status.ready),
                "limiting": list(item.status.limiting),
                "handover": _day(item.handover),
                "delta_days": item.delta_days,
                "impact": item.impact,
                "current": item.current,
            }
            for option, item in by_option.items()
        }
        for group, by_option in options.items()
    }


def part_rows(availability: Availability) -> list[tuple[str, ...]]:
    """Rows for a text table: sub-assembly parts indented under the BOM lines."""
    today = availability.today
    rows: list[tuple[str, ...]] = []
    for line in availability.parts:
        receipt = line.next_receipt
        rows.append(
            (
                ("" if line.top_level else "  " * line.level) + line.part,
                line.name,
                str(line.needed),
                str(line.on_hand),
                str(line.reserved),
                str(line.available),
                "-" if receipt is None else f"{receipt.qty} on {short_date(receipt.due, today)}",
                short_date(line.ready, today),
                line.source.value.replace("_", " "),
            )
        )
    return rows
