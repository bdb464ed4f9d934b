"""What every installer build ships: one list for the Linux, Windows and macOS recipes.

Kept here (not in the spec) so the three platform recipes cannot drift apart, and so a fast
test can check that every resources/ folder and every migration is in the bundle.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "configurator"
RESOURCES = ROOT / "resources"

APP_NAME = "Configurator"
BUNDLE_NAME = "configurator"
ENTRY_SCRIPT = Path(__file__).resolve().parent / "launcher.py"

# (source on disk, folder inside the bundle). Resources go where `configurator.paths` looks in a
# frozen build: <bundle>/configurator/resources. Alembic reads its scripts as files.
RESOURCE_FOLDERS = sorted(p.name for p in RESOURCES.iterdir() if p.is_dir())


def data_files() -> list[tuple[str, str]]:
    """Every data file as (source path, destination folder), for PyInstaller's `datas`."""
    files: list[tuple[str, str]] = []
    for folder in RESOURCE_FOLDERS:
        for path in sorted((RESOURCES / folder).rglob("*")):
            if path.is_file():
                dest = Path("configurator", "resources", path.relative_to(RESOURCES)).parent
                files.append((str(path), str(dest)))
    migrations = PACKAGE / "store" / "migrations"
    for path in sorted(migrations.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".mako") and "__pycache__" not in path.parts:
            dest = Path("configurator", path.relative_to(PACKAGE)).parent
            files.append((str(path), str(dest)))
    for extra in ("py.typed", "_build_revision.txt"):
        if (PACKAGE / extra).is_file():
            files.append((str(PACKAGE / extra), "configurator"))
    return files


# Imported dynamically: CLI commands are discovered with pkgutil, alembic loads env.py by path,
# SQLAlchemy picks dialects by URL, babel loads locale data lazily.
# reportlab picks barcode symbologies by name, Alembic loads DDL implementations per dialect.
HIDDEN_IMPORT_PACKAGES = [
    "configurator",
    "alembic.ddl",
    "alembic.runtime",
    "alembic.script",
    "alembic.operations",
    "sqlalchemy.dialects.sqlite",
    "sqlalchemy.dialects.postgresql",
    "reportlab.graphics.barcode",
    "babel",
]
HIDDEN_IMPORTS = [
    "_rl_accel",  # reportlab's C accelerator (imported by name when present)
    "sqlalchemy.dialects.sqlite",
    "sqlalchemy.dialects.postgresql",
    "psycopg",
    "argon2",
    "pysat.solvers",
    "pysat.card",
    "pysat.formula",
    "PySide6.QtPdf",
    "PySide6.QtPrintSupport",
    "PySide6.QtSvg",
    "PySide6.QtNetwork",
]

# Qt modules and Python packages the app never uses (they cost tens of MB each).
EXCLUDES = [
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtQuickControls2",
    "PySide6.QtQml",
    "PySide6.Qt3DCore",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtUiTools",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "tkinter",
    "pytest",
    "hypothesis",
    "mypy",
    "ortools",
    "constraint",
    "numpy",  # optional in Pillow and python-sat; the app never uses it (42 MB)
    "alembic.testing",
    "sqlalchemy.testing",
]

# Files dropped from the collected binaries/datas (measured: 172 MB -> ~134 MB bundle).
DROP_PATTERNS = [
    "libQt6Quick",
    "libQt6Qml",
    "libQt6WebEngine",
    "libQt6Designer",
    "libQt6VirtualKeyboard",
    "libQt6Pdf" + "Quick",
    "platforminputcontexts",
    "platforms/libqeglfs",
    "platforms/libqlinuxfb",
    "platforms/libqvnc",
    "platforms/libqwayland",
    "platforms/libqminimalegl",
    "platformthemes/libqgtk3",
    "wayland-",
    "egldeviceintegrations",
    "qmltooling",
    "/qml/",
    "Qt/translations/",  # the app installs no QTranslator: Qt's own strings stay English
    "libQt6WaylandClient",
    "libQt6Wayland",
    "libgtk-3",
    "libgdk-3",
    "libcairo",
    "libpango",
    "libatk",
]


def keep(dest_name: str) -> bool:
    """False for a collected file that matches a drop pattern."""
    name = dest_name.replace("\\", "/")
    return not any(pattern in name for pattern in DROP_PATTERNS)
