"""Test-wide set-up: Qt renders offscreen, and no test ever touches the user's real data folder."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point HOME and XDG folders at a temporary place: platformdirs never finds a real one."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.delenv("CONFIGURATOR_DATA_DIR", raising=False)
    monkeypatch.delenv("CONFIGURATOR_DATABASE_URL", raising=False)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh, not yet existing data folder."""
    return tmp_path / "data"
