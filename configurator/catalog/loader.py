"""Catalog file -> immutable `Catalog`, or every problem in the file at once.

`load_catalog(path)` is what the application calls: it returns a checked catalog or raises
`CatalogError` with all errors (file, line, id, what is wrong, how to fix it). `check_catalog_*`
return the catalog together with warnings, for `configurator catalog check` and editors.
Reading happens in two passes: the structure (this module and `sections`), then the meaning
(`linter`: expressions, references, the solver-backed checks), which only runs on a
structurally sound file so that one typo does not cascade into twenty messages.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

from configurator.catalog import sections
from configurator.catalog.diagnostics import CatalogError, Diagnostic, Severity, sort_diagnostics
from configurator.catalog.groups import read_groups
from configurator.catalog.model import Catalog
from configurator.catalog.reader import CODE_SAFE_ID, Reader, Table
from configurator.catalog.testcases import read_tests

TOP_LEVEL_KEYS = ("catalog", "groups", "rules", "bom", "components", "tests")
CATALOG_KEYS = ("id", "name", "currency", "base_price", "assembly_minutes")
_CURRENCY = re.compile(r"[A-Z]{3}\Z")
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True, slots=True)
class CatalogReport:
    """The outcome of checking a catalog: the catalog (None when it has errors) and findings."""

    source: str
    catalog: Catalog | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if not d.is_error)

    @property
    def ok(self) -> bool:
        return not self.errors

    def raise_for_errors(self) -> Catalog:
        """The catalog, or `CatalogError` listing every error."""
        if self.catalog is None or self.errors:
            raise CatalogError(self.source, self.diagnostics)
        return self.catalog


def load_catalog(path: Path) -> Catalog:
    """Load and fully check a catalog file; raises `CatalogError` with every error found."""
    return check_catalog_file(path, warnings=False).raise_for_errors()


def load_catalog_text(text: str, source_name: str = "<catalog>") -> Catalog:
    """Like `load_catalog` for text that is not (or not yet) a file, e.g. in tests."""
    return check_catalog_text(text, source_name, warnings=False).raise_for_errors()


def parse_catalog_text(text: str, source_name: str = "<catalog>") -> Catalog:
    """Only the structure of catalog text, without expression or solver checks.

    For tests and tools that need a `Catalog` whose rules may well contradict each other (an
    engine property test, the linter's own tests); the application uses `load_catalog`.
    """
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return check_catalog_text(text, source_name).raise_for_errors()
    reader = Reader(source_name, text)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    catalog = read_document(reader, document, path=None, digest=digest)
    if catalog is None or reader.has_errors:
        raise CatalogError(source_name, reader.diagnostics)
    return catalog


def check_catalog_file(path: Path, *, warnings: bool = True) -> CatalogReport:
    """Read and check a catalog file; never raises for problems in the file itself."""
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return _failed(
            source,
            "unreadable",
            f"the file cannot be read: {reason}",
            "check the path and that your user may read the file",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return _failed(
            source,
            "encoding",
            f"the file is not UTF-8 text (byte {exc.start})",
            "save the file as UTF-8",
            line=line,
        )
    return _check(text, source, hashlib.sha256(data).hexdigest(), Path(path), warnings)


def check_catalog_text(
    text: str, source_name: str = "<catalog>", *, warnings: bool = True
) -> CatalogReport:
    """Check catalog text; the version hash is that of its UTF-8 bytes."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return _check(text, source_name, digest, None, warnings)


def _failed(
    source: str,
    code: str,
    message: str,
    hint: str,
    *,
    line: int | None = None,
    column: int | None = None,
) -> CatalogReport:
    diagnostic = Diagnostic(Severity.ERROR, code, message, source, line, column, None, hint)
    return CatalogReport(source, None, (diagnostic,))


def _check(text: str, source: str, digest: str, path: Path | None, warnings: bool) -> CatalogReport:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POSITION.search(message)
        line = int(match.group(1)) if match else None
        column = int(match.group(2)) if match else None
        reason = _TOML_POSITION.sub("", message).strip()
        if reason.startswith(("Cannot declare", "Cannot overwrite")):
            return _failed(
                source,
                "toml-syntax",
                f"this is not valid TOML: {reason} (a table or key is written twice)",
                "ids that are table keys (groups, components) must be unique: rename or merge "
                "the two tables",
                line=line,
                column=column,
            )
        return _failed(
            source,
            "toml-syntax",
            f"this is not valid TOML: {reason}",
            "fix the syntax at this position (a missing quote, comma or bracket "
            "is the usual cause)",
            line=line,
            column=column,
        )
    reader = Reader(source, text)
    catalog = read_document(reader, document, path=path, digest=digest)
    if catalog is not None:
        from configurator.catalog.linter import lint_catalog

        lint_catalog(catalog, reader, warnings=warnings)
    diagnostics = tuple(sort_diagnostics(reader.diagnostics))
    if reader.has_errors:
        return CatalogReport(source, None, diagnostics)
    return CatalogReport(source, catalog, diagnostics)


def read_document(
    reader: Reader, document: Table, *, path: Path | None, digest: str
) -> Catalog | None:
    """Build the model from the parsed TOML; problems go to `reader`, not exceptions."""
    reader.check_keys(document, TOP_LEVEL_KEYS, (), None)
    head = document.get("catalog")
    if head is None:
        reader.error(
            "missing-key",
            "the [catalog] table is missing",
            subject="catalog",
            hint="start the file with [catalog] and id, name, currency, base_price, "
            "assembly_minutes",
        )
        head = {}
    head_table = reader.table(head, ("catalog",), "catalog", "[catalog]") or {}
    reader.check_keys(head_table, CATALOG_KEYS, ("catalog",), "catalog")
    where: tuple[Any, ...] = ("catalog",)
    catalog_id = reader.string(head_table, "id", where, "catalog", example='"aurora-2026"')
    if catalog_id is not None and not CODE_SAFE_ID.match(catalog_id):
        reader.error(
            "bad-id",
            f"catalog id {catalog_id!r} contains a space or one of : ; = * + (configuration "
            "codes start with it)",
            path=("catalog", "id"),
            subject="catalog",
            hint='use letters, digits and "-", e.g. "aurora-2026"',
        )
    name = reader.string(head_table, "name", where, "catalog", example='"Aurora laptops"')
    currency = reader.string(head_table, "currency", where, "catalog", example='"EUR"')
    if currency is not None and not _CURRENCY.match(currency):
        reader.error(
            "bad-value",
            f"currency {currency!r} is not an ISO 4217 code",
            path=("catalog", "currency"),
            subject="catalog",
            hint='write three capital letters such as "EUR" or "USD"',
        )
    base_price = reader.money(head_table, "base_price", where, "catalog", allow_negative=False)
    minutes = reader.integer(head_table, "assembly_minutes", where, "catalog", required=True)

    groups = read_groups(reader, document.get("groups"))
    rules = sections.read_rules(reader, document.get("rules", []))
    bom = sections.read_bom(reader, document.get("bom", []))
    components = sections.read_components(reader, document.get("components", {}))
    tests = read_tests(reader, document.get("tests", []), groups)
    if groups is None:
        return None
    return Catalog(
        id=catalog_id or "",
        name=name or "",
        currency=currency or "",
        base_price=base_price if base_price is not None else Decimal(0),
        assembly_minutes=minutes or 0,
        groups=groups,
        rules=rules,
        bom=bom,
        components=MappingProxyType(dict(components)),
        tests=tests,
        source=path,
        version_hash=digest,
    )
