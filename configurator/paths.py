"""Where things live: shipped resources and the user's data folder.

Resources are found in three layouts: an installed wheel (`configurator/resources`), a source
checkout (`resources/` next to the package) and a PyInstaller bundle (`sys._MEIPASS`).
The data folder is per user (platformdirs) and never inside the installation.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from configurator.errors import DataFolderError

APP_NAME = "configurator"
APP_AUTHOR = "Configurator"
DATABASE_FILE = "configurator.sqlite3"
LOG_FILE = "configurator.log"
DATA_DIR_ENV = "CONFIGURATOR_DATA_DIR"
DATABASE_URL_ENV = "CONFIGURATOR_DATABASE_URL"


def resources_dir() -> Path:
    """The folder with the demo catalog, demo stock, fonts and icons."""
    here = Path(__file__).resolve().parent
    candidates = [here / "resources", here.parent / "resources"]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.insert(0, Path(bundle) / "configurator" / "resources")
    for candidate in candidates:
        if (candidate / "catalogs").is_dir():
            return candidate
    raise FileNotFoundError(
        "Configurator's resources folder is missing; reinstall the application. Looked in: "
        + ", ".join(str(c) for c in candidates)
    )


def resource(*parts: str) -> Path:
    """A path inside the resources folder."""
    return resources_dir().joinpath(*parts)


def demo_catalog_path() -> Path:
    return resource("catalogs", "aurora-2026.toml")


def demo_stock_path() -> Path:
    return resource("demo", "stock.toml")


def default_data_dir() -> Path:
    """The per-user data folder (e.g. ~/.local/share/configurator on Linux)."""
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, APP_AUTHOR, roaming=False)


@dataclass(frozen=True, slots=True)
class DataPaths:
    """The files of one data folder."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / DATABASE_FILE

    @property
    def log(self) -> Path:
        return self.root / "logs" / LOG_FILE

    @property
    def documents(self) -> Path:
        return self.root / "documents"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def settings(self) -> Path:
        return self.root / "shop.toml"

    def sqlite_url(self) -> str:
        return f"sqlite:///{self.database}"

    def ensure(self) -> None:
        """Create the folder tree, or say clearly why it cannot be created or written."""
        try:
            for folder in (self.root, self.log.parent, self.documents, self.backups):
                folder.mkdir(parents=True, exist_ok=True)
            probe = self.root / ".write-test"
            probe.write_text("ok", encoding="utf-8")
            probe.unlink()
        except OSError as exc:
            raise DataFolderError(
                f"The data folder {self.root} cannot be used: {exc.strerror or exc}.",
                hint="Give your user write access to it, or choose another folder with "
                "--data-dir PATH (or the CONFIGURATOR_DATA_DIR variable).",
            ) from exc
