"""Line numbers for the values of a TOML document.

`tomllib` returns plain dicts without positions, yet every catalog error must name its line. This
scanner reads the text once and records where each table header (`[components.X]`, the n-th
`[[rules]]`) and each `key = value` line is, under the same paths the parsed dict uses
(array-of-tables elements are addressed by their index). It understands strings, multi-line
strings, comments and values spanning lines, so brackets inside them do not confuse it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PathKey = tuple[str | int, ...]
"""A path into the parsed document: table keys and array indexes."""

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


@dataclass(frozen=True, slots=True)
class Location:
    """A 1-based line and column (the column of the value, where known)."""

    line: int
    column: int | None = None


def _parse_key(text: str, pos: int) -> tuple[list[str], int] | None:
    """Parse a dotted TOML key at `pos`; returns its parts and the position after it."""
    parts: list[str] = []
    while True:
        while pos < len(text) and text[pos] in " \t":
            pos += 1
        if pos >= len(text):
            return None
        char = text[pos]
        if char == '"':
            end = pos + 1
            buf: list[str] = []
            while end < len(text) and text[end] != '"':
                if text[end] == "\\" and end + 1 < len(text):
                    buf.append(text[end + 1])
                    end += 2
                    continue
                buf.append(text[end])
                end += 1
            if end >= len(text):
                return None
            parts.append("".join(buf))
            pos = end + 1
        elif char == "'":
            end = text.find("'", pos + 1)
            if end < 0:
                return None
            parts.append(text[pos + 1 : end])
            pos = end + 1
        else:
            match = _BARE_KEY.match(text, pos)
            if not match:
                return None
            parts.append(match.group())
            pos = match.end()
        while pos < len(text) and text[pos] in " \t":
            pos += 1
        if pos < len(text) and text[pos] == ".":
            pos += 1
            continue
        return parts, pos


class SourceMap:
    """Where headers and keys of one TOML text are; lines and columns are 1-based."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self._headers: dict[PathKey, int] = {}
        self._keys: dict[PathKey, Location] = {}
        self._sections: list[tuple[PathKey, int]] = []
        self._scan()

    # -- queries -------------------------------------------------------------------------------

    def exact(self, path: PathKey) -> Location | None:
        """The location of exactly this key or table header, or None."""
        if path in self._keys:
            return self._keys[path]
        if path in self._headers:
            return Location(self._headers[path])
        return None

    def locate(self, path: PathKey) -> Location | None:
        """The location of `path`, else of its nearest ancestor that has one."""
        probe = tuple(path)
        while probe:
            found = self.exact(probe)
            if found is not None:
                return found
            probe = probe[:-1]
        return None

    def search(self, pattern: str, within: PathKey = ()) -> Location | None:
        """The first line matching the regex `pattern` inside the section of `within`.

        Used for things written inline (an option as `{ id = "x", ... }` inside an array),
        which have no header or key line of their own.
        """
        start, end = self._section_range(within)
        regex = re.compile(pattern)
        for index in range(start, min(end, len(self.lines))):
            match = regex.search(self.lines[index])
            if match:
                return Location(index + 1, match.start() + 1)
        return None

    def search_all(self, pattern: str, within: PathKey = ()) -> list[Location]:
        """Every line matching `pattern` inside the section of `within`, in file order."""
        start, end = self._section_range(within)
        regex = re.compile(pattern)
        found: list[Location] = []
        for index in range(start, min(end, len(self.lines))):
            match = regex.search(self.lines[index])
            if match:
                found.append(Location(index + 1, match.start() + 1))
        return found

    def _section_range(self, within: PathKey) -> tuple[int, int]:
        """0-based [start, end) lines covered by a table and its sub-tables."""
        if not within:
            return 0, len(self.lines)
        start_line = self._headers.get(within)
        if start_line is None:
            key = self._keys.get(within)
            if key is None:
                return 0, len(self.lines)
            start_line = key.line
        end = len(self.lines)
        for path, line in self._sections:
            if line > start_line and path[: len(within)] != within:
                end = line - 1
                break
        return start_line - 1, end

    # -- scanning ------------------------------------------------------------------------------

    def _scan(self) -> None:
        table: PathKey = ()
        arrays: dict[PathKey, int] = {}
        depth = 0
        multiline: str | None = None
        for number, raw in enumerate(self.lines, start=1):
            pos = 0
            if multiline is None and depth == 0:
                stripped = raw.lstrip()
                if stripped.startswith("["):
                    header = self._header(stripped, arrays)
                    if header is not None:
                        table = header
                        self._headers.setdefault(header, number)
                        self._sections.append((header, number))
                    continue
                parsed = _parse_key(raw, 0)
                if parsed is not None and parsed[1] < len(raw) and raw[parsed[1]] == "=":
                    parts, after = parsed
                    value_col = after + 1
                    while value_col < len(raw) and raw[value_col] in " \t":
                        value_col += 1
                    for end in range(1, len(parts) + 1):  # `picks.cpu = 1` also locates picks
                        self._keys.setdefault(
                            table + tuple(parts[:end]), Location(number, value_col + 1)
                        )
                    pos = after + 1
            depth, multiline = _scan_value(raw, pos, depth, multiline)

    @staticmethod
    def _header(stripped: str, arrays: dict[PathKey, int]) -> PathKey | None:
        is_array = stripped.startswith("[[")
        parsed = _parse_key(stripped, 2 if is_array else 1)
        if parsed is None:
            return None
        parts, _ = parsed
        resolved: list[str | int] = []
        for part in parts[:-1]:
            resolved.append(part)
            count = arrays.get(tuple(resolved))
            if count is not None:
                resolved.append(count - 1)
        resolved.append(parts[-1])
        if not is_array:
            return tuple(resolved)
        key = tuple(resolved)
        index = arrays.get(key, 0)
        arrays[key] = index + 1
        return (*key, index)


_INTERESTING = re.compile(r"[\"'#\[\]{}]")
_BASIC_STRING_END = re.compile(r'(?:[^"\\]|\\.)*"')


def _scan_value(line: str, pos: int, depth: int, multiline: str | None) -> tuple[int, str | None]:
    """Track bracket depth and open multi-line strings from `pos` to the end of `line`."""
    length = len(line)
    while pos < length:
        if multiline is not None:
            end = line.find(multiline, pos)
            if end < 0:
                return depth, multiline
            pos = end + 3
            while pos < length and line[pos] == multiline[0]:
                pos += 1  # up to two quotes may end the content right before the delimiter
            multiline = None
            continue
        found = _INTERESTING.search(line, pos)
        if found is None:
            break
        pos = found.start()
        char = line[pos]
        if char == "#":
            break
        if line.startswith('"""', pos) or line.startswith("'''", pos):
            multiline = line[pos : pos + 3]
            pos += 3
            continue
        if char == '"':
            closing = _BASIC_STRING_END.match(line, pos + 1)
            pos = closing.end() if closing else length
            continue
        if char == "'":
            end = line.find("'", pos + 1)
            pos = length if end < 0 else end + 1
            continue
        depth = depth + 1 if char in "[{" else max(0, depth - 1)
        pos += 1
    return depth, multiline
