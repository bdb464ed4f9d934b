"""Typed reading of parsed TOML values, collecting diagnostics instead of raising.

The loader calls these for every field; each reader returns a usable value (or None) and records
a diagnostic naming the line, the subject and the fix, so that one pass finds every problem.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping
from decimal import Decimal
from typing import Any

from configurator.catalog.diagnostics import Diagnostic, Severity
from configurator.catalog.model import PartQty
from configurator.catalog.sourcemap import Location, PathKey, SourceMap

IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
"""Group ids and attribute names appear in expressions, so they must be identifiers."""

CODE_SAFE_ID = re.compile(r"[^:;=*+\s]+\Z")
"""Option and catalog ids appear in configuration codes (`cat:group=opt*2+other;...`)."""

RESERVED_WORDS = frozenset({"and", "or", "not", "in", "true", "false", "none"})
"""Words of the expression language that cannot name a group or an attribute."""

_MONEY = re.compile(r"-?\d+(\.\d+)?\Z")

Table = Mapping[str, Any]


def did_you_mean(word: str, candidates: Collection[str]) -> str | None:
    """The closest candidate to a misspelled word, if one is close enough."""
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def type_name(value: object) -> str:
    """How TOML calls the type of a parsed value (for messages)."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"


class Reader:
    """Collects diagnostics for one catalog text and reads its values."""

    def __init__(self, source: str, text: str) -> None:
        self.source = source
        self.map = SourceMap(text)
        self.diagnostics: list[Diagnostic] = []
        self.paths: dict[tuple[str, ...], PathKey] = {}
        """Where each catalog object was read from, e.g. ("rule", "3") -> ("rules", 3)."""
        self.anchors: dict[tuple[str, ...], Location] = {}
        """Lines found by searching, for objects written inline without a header."""

    def place(self, obj: tuple[str, ...], key: str | None = None) -> Location | None:
        """The line of an object read earlier (`("option", group, id)`), or of one of its keys."""
        path = self.paths.get(obj)
        if path is None:
            return None
        if key is not None:
            exact = self.map.exact((*path, key))
            if exact is not None:
                return exact
        exact = self.map.exact(path)
        if exact is not None:
            return exact
        return self.anchors.get(obj) or self.map.locate(path)

    # -- reporting -----------------------------------------------------------------------------

    def location(self, path: PathKey) -> Location | None:
        return self.map.locate(path)

    def report(
        self,
        severity: Severity,
        code: str,
        message: str,
        *,
        path: PathKey = (),
        at: Location | None = None,
        subject: str | None = None,
        hint: str | None = None,
    ) -> None:
        where = at if at is not None else self.location(path)
        self.diagnostics.append(
            Diagnostic(
                severity=severity,
                code=code,
                message=message,
                file=self.source,
                line=where.line if where else None,
                column=where.column if where else None,
                subject=subject,
                hint=hint,
            )
        )

    def error(self, code: str, message: str, **where: Any) -> None:
        self.report(Severity.ERROR, code, message, **where)

    def warning(self, code: str, message: str, **where: Any) -> None:
        self.report(Severity.WARNING, code, message, **where)

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)

    # -- structure -----------------------------------------------------------------------------

    def check_keys(
        self, table: Table, allowed: Collection[str], path: PathKey, subject: str | None
    ) -> None:
        """Warn about keys the format does not know: usually a typo that silently does nothing."""
        for key in table:
            if key in allowed:
                continue
            guess = did_you_mean(key, allowed)
            hint = (
                f"did you mean '{guess}'?"
                if guess
                else "known keys here: " + ", ".join(sorted(allowed))
            )
            self.warning(
                "unknown-key",
                f"unknown key '{key}' is ignored",
                at=self._key_location((*path, key), key),
                subject=subject,
                hint=hint,
            )

    def _key_location(self, path: PathKey, key: str) -> Location | None:
        """Where a key itself is written (not its value): the start of its name."""
        found = self.location(path)
        if found is None or found.line > len(self.map.lines):
            return found
        column = self.map.lines[found.line - 1].find(key)
        return Location(found.line, column + 1 if column >= 0 else None)

    def table(self, value: object, path: PathKey, subject: str | None, what: str) -> Table | None:
        if isinstance(value, dict):
            return value
        self.error(
            "wrong-type",
            f"{what} must be a table, not {type_name(value)}",
            path=path,
            subject=subject,
            hint=f"write it as [{'.'.join(str(p) for p in path)}] with keys below it",
        )
        return None

    def tables(
        self, value: object, path: PathKey, subject: str | None, what: str
    ) -> list[Table] | None:
        """An array of tables (`[[x]]` blocks or an inline array of `{ ... }`)."""
        if isinstance(value, list) and all(isinstance(item, dict) for item in value):
            return value
        self.error(
            "wrong-type",
            f"{what} must be an array of tables, not {type_name(value)}",
            path=path,
            subject=subject,
            hint=f"write one [[{'.'.join(str(p) for p in path)}]] block per entry",
        )
        return None

    # -- scalar fields -------------------------------------------------------------------------

    def _missing(self, key: str, path: PathKey, subject: str | None, example: str) -> None:
        self.error(
            "missing-key",
            f"'{key}' is missing",
            path=path,
            subject=subject,
            hint=f"add {key} = {example}",
        )

    def _wrong(
        self, key: str, value: object, want: str, *, path: PathKey, subject: str | None, ex: str
    ) -> None:
        self.error(
            "wrong-type",
            f"'{key}' must be {want}, not {type_name(value)} ({value!r})",
            path=(*path, key),
            subject=subject,
            hint=f"write {key} = {ex}",
        )

    def string(
        self,
        table: Table,
        key: str,
        path: PathKey,
        subject: str | None,
        *,
        required: bool = True,
        example: str = '"..."',
    ) -> str | None:
        value = table.get(key)
        if value is None:
            if required:
                self._missing(key, path, subject, example)
            return None
        if not isinstance(value, str):
            self._wrong(key, value, "a string", path=path, subject=subject, ex=example)
            return None
        if required and not value.strip():
            self.error(
                "bad-value",
                f"'{key}' is empty",
                path=(*path, key),
                subject=subject,
                hint=f"write {key} = {example}",
            )
            return None
        return value

    def integer(
        self,
        table: Table,
        key: str,
        path: PathKey,
        subject: str | None,
        *,
        minimum: int = 0,
        required: bool = False,
        code: str = "bad-value",
    ) -> int | None:
        value = table.get(key)
        if value is None:
            if required:
                self._missing(key, path, subject, str(max(minimum, 1)))
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self._wrong(
                key, value, "a whole number", path=path, subject=subject, ex=str(max(minimum, 1))
            )
            return None
        if value < minimum:
            self.error(
                code,
                f"'{key}' is {value} but must be at least {minimum}",
                path=(*path, key),
                subject=subject,
                hint=f"write a whole number of {minimum} or more",
            )
            return None
        return int(value)

    def boolean(self, table: Table, key: str, path: PathKey, subject: str | None) -> bool:
        value = table.get(key, False)
        if not isinstance(value, bool):
            self._wrong(key, value, "true or false", path=path, subject=subject, ex="true")
            return False
        return value

    def money(
        self,
        table: Table,
        key: str,
        path: PathKey,
        subject: str | None,
        *,
        required: bool = True,
        allow_negative: bool = True,
    ) -> Decimal | None:
        """Money is a decimal string: floats would round prices (0.1 + 0.2 != 0.3)."""
        value = table.get(key)
        if value is None:
            if required:
                self._missing(key, path, subject, '"0.00"')
            return None
        if not isinstance(value, str) or not _MONEY.match(value.strip()):
            shown = value if isinstance(value, str) else f"{value}"
            suggestion = f'"{value:.2f}"' if isinstance(value, int | float) else '"12.50"'
            self.error(
                "bad-money",
                f"'{key}' must be an amount written as a decimal string, not {type_name(value)} "
                f"({shown!r})",
                path=(*path, key),
                subject=subject,
                hint=f"write {key} = {suggestion} (quotes keep the amount exact)",
            )
            return None
        amount = Decimal(value.strip())
        if amount < 0 and not allow_negative:
            self.error(
                "bad-money",
                f"'{key}' is {amount} but cannot be negative",
                path=(*path, key),
                subject=subject,
                hint="write an amount of 0 or more",
            )
            return None
        return amount

    def strings(
        self, table: Table, key: str, path: PathKey, subject: str | None
    ) -> tuple[str, ...]:
        value = table.get(key, [])
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        self._wrong(
            key, value, "an array of strings", path=path, subject=subject, ex='["...", "..."]'
        )
        return ()

    def parts(
        self, table: Table, key: str, path: PathKey, subject: str | None
    ) -> tuple[PartQty, ...]:
        """`["A", "B"]` or `[{ part = "A", qty = 2 }]`; quantities are whole numbers >= 1."""
        value = table.get(key, [])
        example = '["PART-ID", { part = "OTHER-ID", qty = 2 }]'
        if not isinstance(value, list):
            self._wrong(key, value, "an array of part ids", path=path, subject=subject, ex=example)
            return ()
        result: list[PartQty] = []
        for item in value:
            if isinstance(item, str) and item:
                result.append(PartQty(item))
                continue
            if isinstance(item, dict):
                part = item.get("part")
                qty = item.get("qty", 1)
                self.check_keys(item, ("part", "qty"), (*path, key), subject)
                if not isinstance(part, str) or not part:
                    self.error(
                        "wrong-type",
                        f"an entry of '{key}' has no part id: {item!r}",
                        path=(*path, key),
                        subject=subject,
                        hint='write { part = "PART-ID", qty = 1 }',
                    )
                    continue
                if isinstance(qty, bool) or not isinstance(qty, int) or qty < 1:
                    self.error(
                        "bad-quantity",
                        f"part {part} in '{key}' has quantity {qty!r}; "
                        "a quantity must be a whole number of at least 1",
                        path=(*path, key),
                        subject=subject,
                        hint=f'write {{ part = "{part}", qty = 1 }} or remove the entry',
                    )
                    continue
                result.append(PartQty(part, qty))
                continue
            self._wrong(key, item, "part ids", path=path, subject=subject, ex=example)
        return tuple(result)
