"""The store tests' small shop (SQLite file per test; PostgreSQL when configured): whatever
fixtures the order tests export, so a change there reaches these tests too."""

from tests.orders.conftest import *  # noqa: F403
