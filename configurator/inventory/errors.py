"""Errors of the availability check: bad input the user (or the catalog author) can fix."""

from __future__ import annotations

from configurator.errors import UserError


class InventoryError(UserError):
    """Something in a bill of material, a stock figure or a calendar makes no sense."""


class UnknownPartError(InventoryError):
    """A bill of material names a part the catalog does not define."""


class BomCycleError(InventoryError):
    """`made_of` loops back on itself, so the part could never be built."""


class CalendarError(InventoryError):
    """The workshop calendar has no capacity at all (or none within the search horizon)."""
