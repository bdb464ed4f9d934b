"""The documents' font: DejaVu Sans shipped in resources/, registered once, subset-embedded.

reportlab's standard fonts are not embedded and lack the euro sign in some viewers, check
marks and many accents; a TrueType font embeds only the glyphs a document uses (~20 KB).
"""

from __future__ import annotations

import threading

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from configurator.paths import resource

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
FAMILY = "DejaVuSans"

_lock = threading.Lock()
_registered: set[str] = set()


def register_fonts() -> None:
    """Register the document fonts with reportlab (idempotent and thread-safe)."""
    if _registered:
        return
    with _lock:
        if _registered:
            return
        pdfmetrics.registerFont(TTFont(REGULAR, str(resource("fonts", "DejaVuSans.ttf"))))
        pdfmetrics.registerFont(TTFont(BOLD, str(resource("fonts", "DejaVuSans-Bold.ttf"))))
        # <b> inside paragraphs picks the bold face; there is no italic face shipped, so
        # italic maps to the upright faces rather than failing.
        addMapping(FAMILY, 0, 0, REGULAR)
        addMapping(FAMILY, 1, 0, BOLD)
        addMapping(FAMILY, 0, 1, REGULAR)
        addMapping(FAMILY, 1, 1, BOLD)
        # Binary streams: ASCII85 makes files a quarter larger and costs 5 % of the time.
        rl_config.useA85 = 0
        _registered.add(FAMILY)
