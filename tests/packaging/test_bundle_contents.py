"""The installer recipes ship every resource folder and every migration, and valid metadata."""

from __future__ import annotations

import configparser
import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _common() -> ModuleType:
    spec = importlib.util.spec_from_file_location("packaging_common", ROOT / "packaging/common.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_resource_file_is_in_the_bundle() -> None:
    shipped = {Path(src) for src, _dest in _common().data_files()}
    on_disk = {p for p in (ROOT / "resources").rglob("*") if p.is_file()}
    assert on_disk
    assert on_disk <= shipped


def test_resources_land_where_the_frozen_app_looks_for_them() -> None:
    for src, dest in _common().data_files():
        rel = Path(src).relative_to(ROOT)
        if rel.parts[0] == "resources":
            assert Path(dest) == Path("configurator", *rel.parts[:-1])


def test_every_migration_script_is_in_the_bundle() -> None:
    shipped = {Path(src).name for src, _dest in _common().data_files()}
    migrations = ROOT / "configurator/store/migrations"
    scripts = {p.name for p in migrations.rglob("*.py") if "__pycache__" not in p.parts}
    assert "env.py" in scripts
    assert scripts <= shipped
    assert "script.py.mako" in shipped


def test_unneeded_qt_parts_are_dropped_and_needed_ones_kept() -> None:
    keep = _common().keep
    assert not keep("PySide6/Qt/lib/libQt6WebEngineCore.so.6")
    assert not keep("PySide6/Qt/plugins/platforms/libqwayland.so")
    assert keep("PySide6/Qt/plugins/platforms/libqxcb.so")
    assert keep("PySide6/Qt/plugins/platforms/libqoffscreen.so")
    assert keep("PySide6/Qt/lib/libQt6Pdf.so.6")
    assert keep("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so")
    assert keep("PySide6/Qt/plugins/imageformats/libqsvg.so")


def test_desktop_entry_has_the_required_keys() -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(ROOT / "packaging/deb/configurator.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "configurator"
    assert entry["Icon"] == "configurator"
    assert entry["Categories"].endswith(";")


def test_deb_depends_on_the_libraries_qt_loads_at_run_time() -> None:
    control = (ROOT / "packaging/deb/control.in").read_text(encoding="utf-8")
    depends = next(line for line in control.splitlines() if line.startswith("Depends:"))
    for lib in ("libgl1", "libegl1", "libfontconfig1", "libxkbcommon-x11-0", "libxcb-cursor0"):
        assert lib in depends
