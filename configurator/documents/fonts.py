"""The documents' font: DejaVu Sans shipped in resources/, registered once, subset-embedded.

reportlab's standard fonts are not embedded and lack the euro sign in some viewers, check
marks and many accents; a TrueType font embeds only the glyphs a document uses (~20 KB).

Cutting and compressing those subsets cost a fifth of a one-page document's time, and most
documents need the same ones: the subset's glyphs are numbered in the order characters first
appear, so every document starts with the non-ASCII characters our own texts use (`SEED`),
which makes the subsets of documents with the same characters identical, and the cut and
compressed subset is kept (`_SubsetCache`).
"""

from __future__ import annotations

import threading
import zlib
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import (
    FF_NONSYMBOLIC,
    FF_SYMBOLIC,
    SUBSETN,
    TTFont,
    TTFontFace,
    makeToUnicodeCMap,
)

from configurator.paths import resource

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
FAMILY = "DejaVuSans"

SEED = "€·…✓✗–äöüÄÖÜß"
"""Non-ASCII characters of our own texts and the German letterhead, numbered first in every
document (ASCII has fixed numbers anyway), so that subsets repeat across documents."""

_lock = threading.Lock()
_registered: set[str] = set()


class _SubsetCache:
    """Cut and compressed font subsets by (font file, glyph list); the newest few are kept."""

    SIZE = 64

    def __init__(self) -> None:
        self._items: OrderedDict[tuple[str, tuple[int, ...], bool], tuple[bytes, int]] = (
            OrderedDict()
        )
        self._lock = threading.Lock()

    def get(self, face: TTFontFace, subset: Sequence[int], compress: bool) -> tuple[bytes, int]:
        """The font program for `subset` (compressed when asked) and its uncompressed length."""
        key = (face.filename, tuple(subset), compress)
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found
        raw = face.makeSubset(subset)
        made = (zlib.compress(raw) if compress else raw, len(raw))
        with self._lock:
            self._items[key] = made
            while len(self._items) > self.SIZE:
                self._items.popitem(last=False)
        return made


_subsets = _SubsetCache()


class _CachingFace(TTFontFace):  # type: ignore[misc]  # reportlab is untyped
    """reportlab's TrueType face, with the subset's font program taken from `_subsets`."""

    def addSubsetObjects(self, doc: Any, fontname: str, subset: Sequence[int]) -> Any:  # noqa: N802
        # As TTFontFace.addSubsetObjects (reportlab 4.x), but with the stream pre-compressed.
        content, length = _subsets.get(self, subset, bool(doc.compression))
        font_file = pdfdoc.PDFStream()
        font_file.content = content
        font_file.dictionary["Length1"] = length
        if doc.compression:  # already applied: format() then leaves the stream alone
            font_file.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
        font_file_ref = doc.Reference(font_file, f"fontFile:{self.filename}({fontname})")
        flags = (self.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC
        descriptor = pdfdoc.PDFDictionary(
            {
                "Type": "/FontDescriptor",
                "Ascent": self.ascent,
                "CapHeight": self.capHeight,
                "Descent": self.descent,
                "Flags": flags,
                "FontBBox": pdfdoc.PDFArray(self.bbox),
                "FontName": pdfdoc.PDFName(fontname),
                "ItalicAngle": self.italicAngle,
                "StemV": self.stemV,
                "FontFile2": font_file_ref,
                "MissingWidth": self.defaultWidth,
            }
        )
        return doc.Reference(descriptor, "fontDescriptor:" + fontname)


class _CachingFont(TTFont):  # type: ignore[misc]  # reportlab is untyped
    """reportlab's TrueType font, with each subset's widths and ToUnicode map made once."""

    def addObjects(self, doc: Any) -> None:  # noqa: N802
        # As TTFont.addObjects (reportlab 4.x), with the per-subset parts from a cache.
        state = self._assignState(doc)
        state.frozen = 1
        fonts = doc.idToObject["BasicFonts"].dict
        for n, subset in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(n, doc)[1:]
            base_name = b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX)).decode(
                "pdfdoc"
            )
            widths, cmap = _subset_parts(self, base_name, tuple(subset))
            font = pdfdoc.PDFTrueTypeFont()
            font.__Comment__ = f"Font {self.fontName} subset {n}"
            font.Name = internal_name
            font.BaseFont = base_name
            font.FirstChar = 0
            font.LastChar = len(subset) - 1
            font.Widths = widths  # bytes are written as they are
            cmap_stream = pdfdoc.PDFStream()
            if doc.compression:
                cmap_stream.content = cmap
                cmap_stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
            else:
                cmap_stream.content = makeToUnicodeCMap(base_name, subset)
            font.ToUnicode = doc.Reference(cmap_stream, "toUnicodeCMap:" + base_name)
            font.FontDescriptor = self.face.addSubsetObjects(doc, base_name, subset)
            doc.Reference(font, internal_name)
            fonts[internal_name] = font
        del self.state[doc]


@lru_cache(maxsize=256)
def _subset_parts(font: TTFont, base_name: str, subset: tuple[int, ...]) -> tuple[bytes, bytes]:
    """A subset's /Widths array (formatted) and its compressed ToUnicode CMap."""
    widths = " ".join(fp_str(font.face.getCharWidth(code)) for code in subset)
    cmap = makeToUnicodeCMap(base_name, subset).encode("latin-1")
    return f"[ {widths} ]".encode(), zlib.compress(cmap)


def _font(name: str, file_name: str) -> TTFont:
    font = _CachingFont(name, str(resource("fonts", file_name)))
    font.face.__class__ = _CachingFace  # same data, one method more
    return font


def register_fonts() -> None:
    """Register the document fonts with reportlab (idempotent and thread-safe)."""
    if _registered:
        return
    with _lock:
        if _registered:
            return
        pdfmetrics.registerFont(_font(REGULAR, "DejaVuSans.ttf"))
        pdfmetrics.registerFont(_font(BOLD, "DejaVuSans-Bold.ttf"))
        # <b> inside paragraphs picks the bold face; there is no italic face shipped, so
        # italic maps to the upright faces rather than failing.
        addMapping(FAMILY, 0, 0, REGULAR)
        addMapping(FAMILY, 1, 0, BOLD)
        addMapping(FAMILY, 0, 1, REGULAR)
        addMapping(FAMILY, 1, 1, BOLD)
        # Binary streams: ASCII85 makes files a quarter larger and costs 5 % of the time.
        rl_config.useA85 = 0
        _registered.add(FAMILY)


def seed_fonts(doc: Any) -> None:
    """Number `SEED` first in both fonts of a new PDF document (see the module's docstring)."""
    register_fonts()
    for name in (REGULAR, BOLD):
        pdfmetrics.getFont(name).splitString(SEED, doc)
