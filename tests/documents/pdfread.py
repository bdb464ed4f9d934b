"""Reading a rendered PDF back: text per page, fonts, images and page sizes (pypdf)."""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader


@dataclass(frozen=True)
class ReadBack:
    pages: list[str]
    """Each page's text with runs of whitespace collapsed to one space."""
    reader: PdfReader

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    def fonts(self) -> dict[str, dict[str, Any]]:
        """Base font name -> font descriptor, over all pages."""
        found: dict[str, dict[str, Any]] = {}
        for page in self.reader.pages:
            resources: Any = page["/Resources"]
            for font_ref in resources.get("/Font", {}).values():
                font: Any = font_ref.get_object()
                descriptor = font.get("/FontDescriptor")
                if descriptor is None and "/DescendantFonts" in font:
                    descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
                found[str(font["/BaseFont"])] = (
                    dict(descriptor.get_object()) if descriptor is not None else {}
                )
        return found

    def image_count(self, page: int = 0) -> int:
        resources: Any = self.reader.pages[page]["/Resources"]
        xobjects = resources.get("/XObject", {})
        objects: list[Any] = [x.get_object() for x in xobjects.values()]
        return sum(1 for x in objects if x["/Subtype"] == "/Image")

    def page_size_mm(self, page: int = 0) -> tuple[float, float]:
        box = self.reader.pages[page].mediabox
        return (float(box.width) * 25.4 / 72, float(box.height) * 25.4 / 72)


def read_pdf(data: bytes) -> ReadBack:
    reader = PdfReader(io.BytesIO(data))
    pages = [re.sub(r"\s+", " ", page.extract_text() or "") for page in reader.pages]
    return ReadBack(pages, reader)


def render_png(
    pdf: Path, out_prefix: Path, *, dpi: int, page: int = 1, top_mm: float | None = None
) -> Path:
    """Page `page` of `pdf` as a PNG via pdftoppm (poppler-utils); `top_mm` crops to the top."""
    crop: list[str] = []
    if top_mm is not None:
        crop = ["-x", "0", "-y", "0", "-W", str(dpi * 9), "-H", str(round(top_mm / 25.4 * dpi))]
    command = ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), *crop]
    subprocess.run([*command, "-singlefile", str(pdf), str(out_prefix)], check=True)
    return out_prefix.with_suffix(".png")
