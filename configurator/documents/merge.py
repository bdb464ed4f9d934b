"""Joining PDFs that this package rendered into one file, without parsing their pages.

A batch of assembly sheets is rendered in parts on several cores (`writer.render_sheets`);
the parts are then joined here. Only reportlab's plain output is accepted (a classic xref
table, no object streams, no encryption), which is what our renderer writes: the objects are
copied byte for byte with their numbers shifted, references inside dictionaries follow, and
a new page tree holds each part's page tree. Stream data are never touched, so joining costs
milliseconds instead of the seconds a general PDF library spends reading every page.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_TRAILER_REF = re.compile(rb"/(Root|Info) (\d+) 0 R")
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_OBJECT_HEAD = re.compile(rb"(\d+) 0 obj\n")
_REFERENCE = re.compile(rb"(\d+) 0 R\b")
_PAGES = re.compile(rb"/Pages (\d+) 0 R")
_COUNT = re.compile(rb"/Count (\d+)")
_STREAM = b"\nstream\n"


class MergeError(ValueError):
    """A part is not a PDF this module can join (not our renderer's plain output)."""


@dataclass(frozen=True, slots=True)
class _Part:
    objects: dict[int, bytes]
    """Object number -> its bytes from "N 0 obj" to "endobj" inclusive."""
    root: int
    info: int
    pages: int
    """The number of the part's page tree root."""
    page_count: int


def _read(data: bytes) -> _Part:
    found = _STARTXREF.search(data[-64:])
    if found is None or not data.startswith(b"%PDF-"):
        raise MergeError("not a complete PDF")
    xref_at = int(found[1])
    trailer_at = data.find(b"trailer", xref_at)
    if not data.startswith(b"xref", xref_at) or trailer_at < 0:
        raise MergeError("no classic xref table")
    offsets = {}
    table = data[xref_at:trailer_at]
    first_line = table.split(b"\n", 2)[1].split()
    number = int(first_line[0])
    for entry in _XREF_ENTRY.finditer(table):
        if entry[3] == b"n":
            offsets[number] = int(entry[1])
        number += 1
    refs = {kind: int(num) for kind, num in _TRAILER_REF.findall(data[trailer_at:])}
    if b"Root" not in refs or b"Info" not in refs or b"/Encrypt" in data[trailer_at:]:
        raise MergeError("unexpected trailer")
    ends = [*sorted(offsets.values()), xref_at]
    following = {start: ends[i + 1] for i, start in enumerate(ends[:-1])}
    objects = {}
    for num, start in offsets.items():
        body = data[start : following[start]].rstrip()
        head = _OBJECT_HEAD.match(body)
        if head is None or int(head[1]) != num or not body.endswith(b"endobj"):
            raise MergeError(f"object {num} is not where the xref table says")
        objects[num] = body
    root = objects[refs[b"Root"]]
    pages = _PAGES.search(root)
    if pages is None or int(pages[1]) not in objects:
        raise MergeError("no page tree")
    count = _COUNT.search(objects[int(pages[1])])
    if count is None:
        raise MergeError("page tree without a count")
    return _Part(objects, refs[b"Root"], refs[b"Info"], int(pages[1]), int(count[1]))


def _renumber(body: bytes, shift: int) -> bytes:
    """The object with its own number and every reference in its dictionary moved by
    `shift`; a stream's data stay as they are."""
    split = body.find(_STREAM)
    head, tail = (body, b"") if split < 0 else (body[:split], body[split:])
    head = _REFERENCE.sub(lambda m: b"%d 0 R" % (int(m[1]) + shift), head)
    return _OBJECT_HEAD.sub(lambda m: b"%d 0 obj\n" % (int(m[1]) + shift), head, count=1) + tail


def join_pdfs(parts: Sequence[bytes]) -> bytes:
    """One PDF with the pages of `parts` in order; document info from the first part."""
    if not parts:
        raise MergeError("nothing to join")
    if len(parts) == 1:
        return parts[0]
    read = [_read(part) for part in parts]
    shifts = []
    shift = 0
    for part in read:
        shifts.append(shift)
        shift += max(part.objects) + 1
    tree, catalog = shift, shift + 1
    out = bytearray(b"%PDF-1.4\n%\x93\x8c\x8b\x9e Configurator\n")
    offsets: dict[int, int] = {}
    kids = []
    info = 0
    for index, (part, shift) in enumerate(zip(read, shifts, strict=True)):
        for num in sorted(part.objects):
            if num == part.root or (num == part.info and index):
                continue  # one catalog (written below) and one info dictionary
            body = part.objects[num]
            if num == part.info:  # plain strings only: its text must not be renumbered
                body = _OBJECT_HEAD.sub(b"%d 0 obj\n" % (num + shift), body, count=1)
                info = num + shift
            else:
                body = _renumber(body, shift)
            if num == part.pages:
                kids.append(num + shift)
                body = body.replace(b"<<", b"<<\n/Parent %d 0 R" % tree, 1)
            offsets[num + shift] = len(out)
            out += body + b"\n"
    total = sum(part.page_count for part in read)
    for num, body in (
        (tree, b"<<\n/Count %d /Kids [ %s ] /Type /Pages\n>>" % (total, _refs(kids))),
        (catalog, b"<<\n/PageMode /UseNone /Pages %d 0 R /Type /Catalog\n>>" % tree),
    ):
        offsets[num] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (num, body)
    size = catalog + 1
    digest = hashlib.md5(bytes(out), usedforsecurity=False).hexdigest().encode()
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        if num in offsets:
            out += b"%010d 00000 n \n" % offsets[num]
        else:
            out += b"0000000000 65535 f \n"
    out += b"trailer\n<<\n/ID [<%s><%s>] /Info %d 0 R /Root %d 0 R /Size %d\n>>\n" % (
        digest,
        digest,
        info,
        catalog,
        size,
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def _refs(numbers: Sequence[int]) -> bytes:
    return b" ".join(b"%d 0 R" % n for n in numbers)
