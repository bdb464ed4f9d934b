"""Barcodes of the order number for the workshop's scanners: Code128 and a QR code.

Both come with reportlab (no extra package). The payload is exactly the order number, so any
scanner in keyboard mode types it into the order search field.
"""

from __future__ import annotations

from reportlab.graphics.barcode.code128 import Code128
from reportlab.graphics.barcode.qr import QrCode
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from configurator.documents.fonts import REGULAR, register_fonts

QR_SIZE = 27 * mm


def code128(value: str, *, bar_height: float = 11 * mm) -> Flowable:
    """A Code128 barcode with the value printed below it."""
    register_fonts()
    if not value or not value.isascii():
        raise ValueError(f"Code128 needs a non-empty ASCII value, got {value!r}")
    code: Flowable = Code128(
        value,
        barHeight=bar_height,
        barWidth=0.3 * mm,
        humanReadable=True,
        fontName=REGULAR,
        fontSize=8,
    )
    return code


def qr_code(value: str, *, size: float = QR_SIZE) -> Flowable:
    """A QR code (error correction M: survives a coffee stain) with its quiet zone."""
    if not value:
        raise ValueError("a QR code needs a non-empty value")
    code: Flowable = QrCode(value, width=size, height=size, qrLevel="M", qrBorder=4)
    return code
