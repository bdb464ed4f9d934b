"""Errors the user can act on: what failed, where, and what to do about it.

Core code raises `UserError` (or a subclass) for anything caused by input, files or the
environment rather than by a bug. The CLI prints it to stderr and exits 2; the GUI shows it in a
dialog. Anything else is a bug and goes to the global exception handler with a traceback.
"""

from __future__ import annotations


class UserError(Exception):
    """A failure the user can fix; `hint` says how."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n{self.hint}" if self.hint else self.message


class DataFolderError(UserError):
    """The data folder cannot be created or written."""


class DatabaseError(UserError):
    """The database cannot be opened, is corrupt, locked for too long, or from the future."""
