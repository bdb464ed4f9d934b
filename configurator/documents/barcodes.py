"""Barcodes of the order number for the workshop's scanners: Code128 and a QR code.

Both come with reportlab (no extra package). The payload is exactly the order number, so any
scanner in keyboard mode types it into the order search field.
"""

from __future__ import annotations

from PIL import Image
from reportlab.graphics.barcode.code128 import Code128
from reportlab.graphics.barcode.qrencoder import QRCode, QRErrorCorrectLevel
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from configurator.documents.fonts import REGULAR, register_fonts

QR_SIZE = 27 * mm
QR_MASK = 2


BAR_WIDTH = 0.3 * mm
MIN_BAR_WIDTH = 0.2 * mm
"""Narrowest bar a laser printer and a handheld scanner handle reliably (about 8 mil)."""


def code128(value: str, *, max_width: float, bar_height: float = 11 * mm) -> Flowable:
    """A Code128 barcode with the value printed below it, at most `max_width` wide.

    Bars get narrower for long values, down to MIN_BAR_WIDTH; a value that still does not fit
    raises ValueError (the caller keeps the QR code, which holds any length).
    """
    register_fonts()
    if not value or not value.isascii():
        raise ValueError(f"Code128 needs a non-empty ASCII value, got {value!r}")
    code: Flowable = Code128(
        value,
        barHeight=bar_height,
        barWidth=BAR_WIDTH,
        humanReadable=True,
        fontName=REGULAR,
        fontSize=8,
    )
    bar_width = BAR_WIDTH
    for _ in range(4):  # the quiet zones do not scale with the bars: converge in a few steps
        if code.width <= max_width:
            break
        bar_width *= max_width / code.width * 0.99
        if bar_width < MIN_BAR_WIDTH:
            raise ValueError(
                f"{value!r} is too long for a Code128 barcode {max_width / mm:.0f} mm wide"
            )
        code = Code128(
            value,
            barHeight=bar_height,
            barWidth=bar_width,
            humanReadable=True,
            fontName=REGULAR,
            fontSize=8,
        )
    return code


class _QrImage(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """A QR code drawn as one 1-bit image instead of hundreds of rectangles.

    reportlab's own QrCode flowable tries all eight mask patterns and draws each dark run as a
    rectangle: a fifth of an assembly sheet's rendering time. Decoders read every mask, so a
    fixed one is used; the image is drawn without interpolation, so edges stay sharp.
    """

    def __init__(self, value: str, size: float, border: int = 4) -> None:
        super().__init__()
        self.width = self.height = size
        encoder = QRCode(None, QRErrorCorrectLevel.M)
        encoder.addData(value)
        encoder.version = encoder.calculate_version()
        encoder.makeImpl(False, QR_MASK)
        count = encoder.getModuleCount()
        side = count + 2 * border
        image = Image.new("1", (side, side), 1)
        image.putdata(
            [
                0
                if border <= r < border + count
                and border <= c < border + count
                and encoder.modules[r - border][c - border]
                else 1
                for r in range(side)
                for c in range(side)
            ]
        )
        self._image = ImageReader(image)
        self.modules = count

    def draw(self) -> None:
        self.canv.drawImage(self._image, 0, 0, self.width, self.height)


def qr_code(value: str, *, size: float = QR_SIZE) -> Flowable:
    """A QR code (error correction M: survives a coffee stain) with its quiet zone."""
    if not value:
        raise ValueError("a QR code needs a non-empty value")
    return _QrImage(value, size)
