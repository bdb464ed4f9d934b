"""Reading `[[rules]]`, `[[bom]]` and `[components.X]` (structure only)."""

from __future__ import annotations

from collections.abc import Mapping

from configurator.catalog.model import (
    BomEntry,
    Component,
    Rule,
    RuleKind,
)
from configurator.catalog.reader import Reader, Table, did_you_mean
from configurator.catalog.sourcemap import PathKey

RULE_KEYS = ("id", "kind", "when", "require", "forbid", "message")
BOM_KEYS = ("when", "add")
COMPONENT_KEYS = (
    "name",
    "bin",
    "lead_time_days",
    "steps",
    "qc",
    "slot",
    "made_of",
    "build_minutes",
)


def _line(reader: Reader, path: PathKey) -> int | None:
    found = reader.location(path)
    return found.line if found else None


def read_rules(reader: Reader, value: object) -> tuple[Rule, ...]:
    items = reader.tables(value, ("rules",), None, "rules") or []
    rules: list[Rule] = []
    seen: dict[str, int | None] = {}
    for index, table in enumerate(items):
        path: PathKey = ("rules", index)
        rule_id = table.get("id")
        if not isinstance(rule_id, str) or not rule_id.strip():
            reader.error(
                "missing-key",
                f"rule #{index + 1} has no id",
                path=path,
                subject=f"rule #{index + 1}",
                hint='add id = "..." (unique; the clerk and error messages show it)',
            )
            rule_id = f"#{index + 1}"
        subject = f"rule {rule_id}"
        if rule_id in seen:
            first = seen[rule_id]
            reader.error(
                "duplicate-id",
                f"rule id '{rule_id}' is used twice"
                + (f" (first at line {first})" if first else ""),
                path=(*path, "id"),
                subject=subject,
                hint="rule ids must be unique: rename one of them",
            )
            continue
        seen[rule_id] = _line(reader, path)
        reader.paths[("rule", rule_id)] = path
        rules.append(_read_rule(reader, rule_id, table, path, subject))
    return tuple(rules)


def _read_rule(reader: Reader, rule_id: str, table: Table, path: PathKey, subject: str) -> Rule:
    reader.check_keys(table, RULE_KEYS, path, subject)
    when = reader.string(table, "when", path, subject, required=False)
    require = reader.string(table, "require", path, subject, required=False)
    forbid = reader.string(table, "forbid", path, subject, required=False)
    if require is not None and forbid is not None:
        reader.error(
            "bad-rule",
            "the rule has both 'require' and 'forbid'",
            path=path,
            subject=subject,
            hint="split it into two rules, one with require and one with forbid",
        )
    elif require is None and forbid is None and "require" not in table and "forbid" not in table:
        reader.error(
            "bad-rule",
            "the rule has neither 'require' nor 'forbid'",
            path=path,
            subject=subject,
            hint='add require = "..." (must hold) or forbid = "..." (must not hold)',
        )
    is_forbid = forbid is not None and require is None
    kind = RuleKind.FORBID if is_forbid else RuleKind.REQUIRE
    raw_kind = table.get("kind")
    if raw_kind == RuleKind.RECOMMEND.value:
        kind = RuleKind.RECOMMEND
    elif raw_kind is not None and raw_kind != kind.value:
        allowed = ["recommend", kind.value]
        guess = did_you_mean(str(raw_kind), allowed)
        reader.error(
            "bad-kind",
            f"kind {raw_kind!r} is not a rule kind here",
            path=(*path, "kind"),
            subject=subject,
            hint=(f'did you mean kind = "{guess}"? ' if guess else "")
            + 'write kind = "recommend" for a hint that never blocks, or leave kind out for '
            "a hard rule",
        )
    message = reader.string(table, "message", path, subject, required=False)
    if message is None or not message.strip():
        reader.warning(
            "missing-message",
            "the rule has no message; the clerk would only see its id",
            path=path,
            subject=subject,
            hint='add message = "..." saying why, in the words of a salesperson',
        )
        message = f"Rule {rule_id} is not met."
    return Rule(
        id=rule_id,
        kind=kind,
        expression=(forbid if is_forbid else require) or "true",
        message=message,
        when=when,
        forbid=is_forbid,
        line=_line(reader, path),
    )


def read_bom(reader: Reader, value: object) -> tuple[BomEntry, ...]:
    items = reader.tables(value, ("bom",), None, "bom") or []
    entries: list[BomEntry] = []
    for index, table in enumerate(items):
        path: PathKey = ("bom", index)
        subject = f"bom entry #{index + 1}"
        reader.paths[("bom", str(index))] = path
        reader.check_keys(table, BOM_KEYS, path, subject)
        when = reader.string(table, "when", path, subject, required=False)
        add = reader.parts(table, "add", path, subject)
        if not add and "add" not in table:
            reader.error(
                "missing-key",
                "the [[bom]] entry adds nothing",
                path=path,
                subject=subject,
                hint='add add = ["PART-ID"] with the parts it adds',
            )
        entries.append(BomEntry(add=add, when=when, line=_line(reader, path)))
    return tuple(entries)


def read_components(reader: Reader, value: object) -> Mapping[str, Component]:
    table = reader.table(value, ("components",), None, "[components]")
    if table is None:
        return {}
    components: dict[str, Component] = {}
    for component_id, raw in table.items():
        path: PathKey = ("components", component_id)
        subject = f"component {component_id}"
        reader.paths[("component", component_id)] = path
        entry = reader.table(raw, path, subject, f"component {component_id}")
        if entry is None:
            continue
        reader.check_keys(entry, COMPONENT_KEYS, path, subject)
        name = reader.string(entry, "name", path, subject)
        bin_ = reader.string(entry, "bin", path, subject, example='"A-01-01"')
        lead = reader.integer(entry, "lead_time_days", path, subject, required=True)
        slot = reader.string(entry, "slot", path, subject, required=False)
        made_of = reader.parts(entry, "made_of", path, subject)
        build_minutes = reader.integer(entry, "build_minutes", path, subject)
        if build_minutes is not None and not made_of:
            reader.warning(
                "build-without-parts",
                "build_minutes has no effect without made_of",
                path=(*path, "build_minutes"),
                subject=subject,
                hint="add made_of with the parts the shop builds it from, or remove build_minutes",
            )
        components[component_id] = Component(
            id=component_id,
            name=name or component_id,
            bin=bin_ or "",
            lead_time_days=lead or 0,
            steps=reader.strings(entry, "steps", path, subject),
            qc=reader.strings(entry, "qc", path, subject),
            slot=slot.strip() if slot and slot.strip() else None,
            made_of=made_of,
            build_minutes=build_minutes,
            line=_line(reader, path),
        )
    return components
