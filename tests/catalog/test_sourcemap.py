"""The TOML line scanner: headers, keys, array-of-tables indexes, strings that look like TOML."""

from __future__ import annotations

import tomllib

from hypothesis import given, settings
from hypothesis import strategies as st

from configurator.catalog.sourcemap import Location, SourceMap
from tests.helpers.catalogs import MINI_CATALOG, toml_value


def _line(text: str, needle: str, occurrence: int = 1) -> int:
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[occurrence - 1]


def test_headers_and_array_elements_are_located() -> None:
    smap = SourceMap(MINI_CATALOG)
    assert smap.exact(("catalog",)) == Location(1)
    assert smap.exact(("groups", "memory")) == Location(_line(MINI_CATALOG, "[groups.memory]"))
    second_chassis = _line(MINI_CATALOG, "[[groups.chassis.options]]", 2)
    assert smap.exact(("groups", "chassis", "options", 1)) == Location(second_chassis)
    assert smap.exact(("rules", 2)) == Location(_line(MINI_CATALOG, "[[rules]]", 3))
    assert smap.exact(("components", "PSU-65")) == Location(
        _line(MINI_CATALOG, "[components.PSU-65]")
    )


def test_keys_carry_the_column_of_their_value() -> None:
    smap = SourceMap(MINI_CATALOG)
    found = smap.exact(("rules", 0, "require"))
    assert found is not None
    line = MINI_CATALOG.splitlines()[found.line - 1]
    assert line.startswith("require = ")
    assert found.column == len("require = ") + 1  # the opening quote


def test_dotted_keys_locate_their_prefix_too() -> None:
    smap = SourceMap(MINI_CATALOG)
    picks = smap.exact(("tests", 2, "picks"))
    assert picks is not None
    assert picks.line == _line(MINI_CATALOG, 'picks.chassis = "c16"')
    assert smap.exact(("tests", 2, "picks", "ports")) == Location(
        _line(MINI_CATALOG, "picks.ports"), len("picks.ports = ") + 1
    )


def test_locate_falls_back_to_the_nearest_ancestor() -> None:
    smap = SourceMap(MINI_CATALOG)
    rule = smap.exact(("rules", 1))
    assert rule is not None
    assert smap.locate(("rules", 1, "when")) == rule
    assert smap.exact(("rules", 1, "when")) is None
    assert smap.locate(("nowhere",)) is None


def test_brackets_and_hashes_inside_values_do_not_start_tables() -> None:
    text = "\n".join(
        [
            "[a]",
            'x = "[not.a.table]"',
            "y = [",
            '  "[[also.not]]",',
            "  # [comment.header]",
            "]",
            'z = """',
            "[inside.multiline]",
            '"""',
            "[[b]]",
            "k = 'literal [with] brackets # and hash'",
            "[[b]]",
            "[b.c]",
            "v = 1",
        ]
    )
    tomllib.loads(text)
    smap = SourceMap(text)
    assert smap.exact(("a", "z")) == Location(7, 5)
    assert smap.exact(("b", 0)) == Location(10)
    assert smap.exact(("b", 1)) == Location(12)
    assert smap.exact(("b", 1, "c")) == Location(13)
    assert smap.exact(("b", 1, "c", "v")) == Location(14, 5)
    assert smap.exact(("not", "a", "table")) is None
    assert smap.exact(("inside", "multiline")) is None


def test_quoted_keys_in_headers() -> None:
    text = '[components."PART 1"]\nname = "x"\n[ groups . \'my grp\' ]\nlabel = "y"\n'
    smap = SourceMap(text)
    assert smap.exact(("components", "PART 1", "name")) == Location(2, 8)
    assert smap.exact(("groups", "my grp")) == Location(3)


def test_search_stays_inside_the_section() -> None:
    text = 'id = "x"\n[g]\nopts = [{ id = "a" }, { id = "b" }]\n[h]\nid = "b"\n'
    smap = SourceMap(text)
    assert smap.search(r'id = "b"', ("g",)) == Location(3, 25)
    assert smap.search(r'id = "b"', ("h",)) == Location(5, 1)
    assert smap.search(r'id = "zz"', ("g",)) is None


_PIECES = [*"ab[]{}#\"'=.\\ \t", "\n", '"""', "'''", "ä"]
_tricky_text = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)


def _as_toml(value: str, style: int) -> str:
    """The value as a basic string, or as a (multi-line) literal string when it can be one."""
    if style == 1 and "'" not in value and "\n" not in value:
        return f"'{value}'"
    if style == 2 and "'''" not in value and not value.endswith("'"):
        return f"'''\n{value}'''"
    return toml_value(value)


@settings(max_examples=80, deadline=None)
@given(
    values=st.lists(
        st.lists(st.tuples(_tricky_text, st.integers(0, 2)), min_size=1, max_size=3),
        min_size=1,
        max_size=6,
    )
)
def test_nth_array_header_is_found_whatever_the_values_contain(
    values: list[list[tuple[str, int]]],
) -> None:
    """Oracle: the generator knows the line of every `[[rules]]` header it wrote."""
    lines = ['[catalog]\nid = "x"']
    expected: list[int] = []
    current = 3
    for index, strings in enumerate(values):
        expected.append(current)
        block = [f"[[rules]]\nid = {toml_value(f'r{index}')}"]
        block.extend(f"v{n} = {_as_toml(s, style)}" for n, (s, style) in enumerate(strings))
        block.append(f"arr = [\n  {toml_value(strings[0][0])},\n]")
        chunk = "\n".join(block)
        lines.append(chunk)
        current += chunk.count("\n") + 1
    text = "\n".join(lines)
    document = tomllib.loads(text)
    assert [r["arr"] for r in document["rules"]] == [[s[0][0]] for s in values]
    smap = SourceMap(text)
    for index, line in enumerate(expected):
        assert smap.exact(("rules", index)) == Location(line)
        assert smap.exact(("rules", index, "id")) == Location(line + 1, 6)
