"""Without a reachable display the app says so and exits 2, instead of Qt's abort and core dump."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _start(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    clean.pop("QT_QPA_PLATFORM", None)
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "configurator", "--data-dir", str(tmp_path / "data")],
        capture_output=True,
        text=True,
        env=clean,
        timeout=60,
        check=False,
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland checks are Linux")
def test_no_display_at_all(tmp_path: Path) -> None:
    result = _start(tmp_path)
    assert result.returncode == 2
    assert "needs a graphical display" in result.stderr
    assert not (tmp_path / "data").exists()  # nothing was created


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland checks are Linux")
def test_display_without_an_x_server(tmp_path: Path) -> None:
    result = _start(tmp_path, DISPLAY=":97531")
    assert result.returncode == 2
    assert "no X server answers" in result.stderr
