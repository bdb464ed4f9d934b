"""Availability through every bill-of-material level, and promise dates.

Pure functions over an immutable `StockSnapshot` and the shop's `WorkshopCalendar`; "today" is
always a parameter. `AvailabilityService` wraps them for the GUI and the order flow (it holds one
snapshot and refreshes it from the store on demand). See docs/inventory.md for the method.
"""
