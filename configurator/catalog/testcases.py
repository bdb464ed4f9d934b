"""Reading `[[tests]]`: the catalog's own regression cases (structure only; the linter runs
them against the engine)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

from configurator.catalog.model import CatalogTest, Group, GroupKind, PickValue, TestExpectation
from configurator.catalog.reader import Reader, Table, did_you_mean, type_name
from configurator.catalog.sourcemap import PathKey

TEST_KEYS = ("id", "picks", "expect", "expect_excluded")


def _line(reader: Reader, path: PathKey) -> int | None:
    found = reader.location(path)
    return found.line if found else None


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
