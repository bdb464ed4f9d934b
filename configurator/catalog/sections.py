"""Reading `[[rules]]`, `[[bom]]`, `[components.X]` and `[[tests]]` (structure only)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

from configurator.catalog.model import (
    BomEntry,
    CatalogTest,
    Component,
    Group,
    GroupKind,
    PickValue,
    Rule,
    RuleKind,
    TestExpectation,
)
from configurator.catalog.reader import Reader, Table, did_you_mean, type_name
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
TEST_KEYS = ("id", "picks", "expect", "expect_excluded")


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


def read_tests(
    reader: Reader, value: object, groups: Sequence[Group] | None
) -> tuple[CatalogTest, ...]:
    items = reader.tables(value, ("tests",), None, "tests") or []
    by_id = {g.id: g for g in groups or ()}
    tests: list[CatalogTest] = []
    seen: dict[str, int | None] = {}
    for index, table in enumerate(items):
        path: PathKey = ("tests", index)
        reader.paths[("test", str(index))] = path
        test_id = table.get("id")
        if test_id is not None and (not isinstance(test_id, str) or not test_id.strip()):
            reader.error(
                "wrong-type",
                f"test #{index + 1} has an id that is not a non-empty string",
                path=(*path, "id"),
                subject=f"test #{index + 1}",
                hint='write id = "some-name" or leave id out',
            )
            test_id = None
        subject = f"test {test_id}" if test_id else f"test #{index + 1}"
        if test_id is not None:
            if test_id in seen:
                first = seen[test_id]
                reader.error(
                    "duplicate-id",
                    f"test id '{test_id}' is used twice"
                    + (f" (first at line {first})" if first else ""),
                    path=(*path, "id"),
                    subject=subject,
                    hint="test ids must be unique: rename one of them",
                )
            seen[test_id] = _line(reader, path)
        reader.check_keys(table, TEST_KEYS, path, subject)
        picks = _read_picks(reader, table, path, subject, by_id=by_id, validate=groups is not None)
        expect = _read_expect(reader, table, path, subject)
        excluded = _read_expect_excluded(
            reader, table, path, subject, by_id=by_id, validate=groups is not None
        )
        if expect is None and not excluded and "expect_excluded" not in table:
            reader.error(
                "bad-test",
                "the test checks nothing",
                path=path,
                subject=subject,
                hint='add expect = "invalid", "valid" or "complete", or expect_excluded = '
                '{ group = ["option"] }',
            )
        tests.append(
            CatalogTest(
                picks=MappingProxyType(picks),
                expect=expect,
                expect_excluded=MappingProxyType(excluded),
                id=test_id,
                line=_line(reader, path),
            )
        )
    return tuple(tests)


def _read_expect(
    reader: Reader, table: Table, path: PathKey, subject: str
) -> TestExpectation | None:
    raw = table.get("expect")
    if raw is None:
        return None
    values = [e.value for e in TestExpectation]
    if isinstance(raw, str) and raw in values:
        return TestExpectation(raw)
    guess = did_you_mean(str(raw), values)
    reader.error(
        "bad-test",
        f"expect {raw!r} is not an expectation",
        path=(*path, "expect"),
        subject=subject,
        hint=(f'did you mean "{guess}"? ' if guess else "")
        + 'write expect = "invalid", "valid" (can still be completed) or "complete"',
    )
    return None


def _unknown_group(
    reader: Reader, group_id: str, by_id: Mapping[str, Group], **where: object
) -> None:
    guess = did_you_mean(group_id, by_id)
    reader.error(
        "unknown-group",
        f"there is no group '{group_id}'",
        hint=f"did you mean '{guess}'?" if guess else "groups: " + ", ".join(by_id),
        **where,
    )


def _unknown_option(reader: Reader, group: Group, option_id: str, **where: object) -> None:
    ids = [o.id for o in group.options]
    guess = did_you_mean(option_id, ids)
    reader.error(
        "unknown-option",
        f"group {group.id} has no option '{option_id}'",
        hint=f"did you mean '{guess}'?" if guess else "options: " + ", ".join(ids),
        **where,
    )


def _read_picks(
    reader: Reader,
    table: Table,
    path: PathKey,
    subject: str,
    *,
    by_id: Mapping[str, Group],
    validate: bool,
) -> Mapping[str, PickValue]:
    raw = table.get("picks")
    if raw is None:
        reader.error(
            "missing-key",
            "'picks' is missing",
            path=path,
            subject=subject,
            hint='add picks = { group = "option", ... } (may be {} for "no picks yet")',
        )
        return {}
    picks_table = reader.table(raw, (*path, "picks"), subject, "picks")
    if picks_table is None:
        return {}
    picks: dict[str, PickValue] = {}
    for group_id, value in picks_table.items():
        where: dict[str, object] = {"path": (*path, "picks", group_id), "subject": subject}
        group = by_id.get(group_id)
        if group is None:
            if validate:
                _unknown_group(reader, group_id, by_id, **where)
            continue
        usable, pick = _read_pick(reader, group, value, where)
        if usable:
            picks[group_id] = pick
    return picks


def _read_pick(
    reader: Reader, group: Group, value: object, where: dict[str, object]
) -> tuple[bool, PickValue]:
    """One group's pick, and whether it is usable (problems are reported)."""
    if group.kind is GroupKind.MANY:
        counts: dict[str, object]
        if isinstance(value, list):
            counts = {}
            for item in value:
                key = item if isinstance(item, str) else repr(item)
                counts[key] = int(str(counts.get(key, 0))) + 1
        elif isinstance(value, dict):
            counts = dict(value)
        else:
            reader.error(
                "bad-test",
                f'the pick for "many" group {group.id} must be a table of quantities or a '
                f"list of option ids, not {type_name(value)}",
                hint=f"write {group.id} = {{ {group.options[0].id if group.options else 'x'} "
                "= 1 }",
                **where,
            )
            return False, None
        result: dict[str, int] = {}
        for option_id, qty in counts.items():
            if not group.has_option(option_id):
                _unknown_option(reader, group, option_id, **where)
                continue
            if isinstance(qty, bool) or not isinstance(qty, int) or qty < 1:
                reader.error(
                    "bad-quantity",
                    f"quantity {qty!r} of {group.id}.{option_id} must be a whole number of "
                    "at least 1",
                    hint=f"write {option_id} = 1 or leave the option out",
                    **where,
                )
                continue
            result[option_id] = qty
        return True, result
    if not isinstance(value, str):
        reader.error(
            "bad-test",
            f"the pick for group {group.id} must be an option id string, not {type_name(value)}",
            hint=f'write {group.id} = "{group.options[0].id if group.options else "x"}"',
            **where,
        )
        return False, None
    if value == "none":
        if group.kind is GroupKind.OPTIONAL:
            return True, None
        reader.error(
            "bad-test",
            f'group {group.id} is kind "one": it cannot be picked as none',
            hint="pick one of its options, or leave the group out of the picks",
            **where,
        )
        return False, None
    if not group.has_option(value):
        _unknown_option(reader, group, value, **where)
        return False, None
    return True, value


def _read_expect_excluded(
    reader: Reader,
    table: Table,
    path: PathKey,
    subject: str,
    *,
    by_id: Mapping[str, Group],
    validate: bool,
) -> Mapping[str, tuple[str, ...]]:
    raw = table.get("expect_excluded")
    if raw is None:
        return {}
    key_path: PathKey = (*path, "expect_excluded")
    excluded_table = reader.table(raw, key_path, subject, "expect_excluded")
    if excluded_table is None:
        return {}
    result: dict[str, tuple[str, ...]] = {}
    for group_id, value in excluded_table.items():
        where: dict[str, object] = {"path": (*key_path, group_id), "subject": subject}
        group = by_id.get(group_id)
        if group is None:
            if validate:
                _unknown_group(reader, group_id, by_id, **where)
            continue
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            reader.error(
                "bad-test",
                f"expect_excluded.{group_id} must be a list of option ids",
                hint=f'write {group_id} = ["option-id"]',
                **where,
            )
            continue
        known = []
        for option_id in value:
            if group.has_option(option_id) or (
                option_id == "none" and group.kind is GroupKind.OPTIONAL
            ):
                known.append(option_id)
            else:
                _unknown_option(reader, group, option_id, **where)
        result[group_id] = tuple(known)
    return result
