"""Render the app icon (resources/icons/configurator.svg) to the sizes each platform wants.

Uses Qt's own SVG renderer, so a build needs nothing beyond the app's dependencies:
PNGs for the freedesktop hicolor theme, an .ico for Windows and an .icns for macOS.
Usage: python packaging/render_icons.py OUT_DIR
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
SOURCE = Path(__file__).resolve().parent.parent / "resources" / "icons" / "configurator.svg"


def render(size: int, renderer: QSvgRenderer) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main(out_dir: Path) -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"error: cannot render {SOURCE}", file=sys.stderr)
        return 1
    for size in HICOLOR_SIZES:
        target = out_dir / "hicolor" / f"{size}x{size}" / "apps" / "configurator.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(size, renderer).save(str(target)):
            print(f"error: cannot write {target}", file=sys.stderr)
            return 1
    render(256, renderer).save(str(out_dir / "configurator.ico"))
    render(512, renderer).save(str(out_dir / "configurator.icns"))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
