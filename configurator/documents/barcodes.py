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
