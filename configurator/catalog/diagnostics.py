"""Findings about a catalog file, and the error that carries all of them.

A product manager fixes a catalog in one pass only if every problem is reported at once, each
pointing at a line and saying what would fix it. So loading never stops at the first problem:
it collects `Diagnostic`s and raises one `CatalogError` at the end.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from configurator.errors import UserError


class Severity(StrEnum):
    """Errors reject the catalog; warnings are shown but the catalog loads."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: where it is, what it is about, what is wrong and how to fix it."""

    severity: Severity
    code: str
    """A stable, machine-readable kind such as `duplicate-id` (documented in the docs)."""
    message: str
    file: str
    line: int | None = None
    column: int | None = None
    subject: str | None = None
    """What the finding is about, e.g. `rule cpu-cooling` or `option chassis.c14`."""
    hint: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def location(self) -> str:
        """`file:line:column`, as far as known (editors jump to it)."""
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def format(self) -> str:
        """One or two human-readable lines: location, severity, subject, message, hint."""
        subject = f"{self.subject}: " if self.subject else ""
        text = f"{self.location}: {self.severity.value}: {subject}{self.message}"
        if self.hint:
            text += f"\n    fix: {self.hint}"
        return text

    def to_json(self) -> dict[str, str | int | None]:
        return {
            "severity": self.severity.value,
            "code": self.code,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "subject": self.subject,
            "message": self.message,
            "hint": self.hint,
        }


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """File order (unknown lines last), errors before warnings on the same line."""
    return sorted(
        diagnostics,
        key=lambda d: (
            d.line is None,
            d.line or 0,
            d.severity is not Severity.ERROR,
            d.column or 0,
        ),
    )


class CatalogError(UserError):
    """A catalog file cannot be used; `diagnostics` holds every problem found (and warnings)."""

    def __init__(self, source: str, diagnostics: Sequence[Diagnostic]) -> None:
        self.source = source
        self.diagnostics = tuple(sort_diagnostics(diagnostics))
        errors = [d for d in self.diagnostics if d.is_error]
        count = f"{len(errors)} error" + ("" if len(errors) == 1 else "s")
        body = "\n".join(d.format() for d in errors)
        super().__init__(
            f"The catalog {source} cannot be loaded ({count}):\n{body}",
            hint="Fix the lines above, then check the file with `configurator catalog check "
            "FILE` (it also lists warnings).",
        )

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if not d.is_error)
