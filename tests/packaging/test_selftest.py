"""`configurator selftest` proves an installation end to end and never touches real data."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from configurator.cli.main import run


def test_selftest_renders_three_pdfs_in_a_temporary_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pdfs"
    code = run(["selftest", "--out", str(out), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert report["error"] is None
    assert code == 0
    names = [step["step"] for step in report["steps"]]
    assert "show the main window offscreen" in names
    assert "configure a complete laptop" in names
    for doc in ("quote", "confirmation", "assembly-sheet"):
        reader = PdfReader(out / f"{doc}.pdf")
        assert len(reader.pages) >= 1
    # The user's data folder (HOME is a temporary folder in tests) stays untouched.
    assert not (Path(os.environ["XDG_DATA_HOME"]) / "configurator").exists()


def test_selftest_with_an_unusable_output_folder_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x", encoding="utf-8")
    code = run(["selftest", "--out", str(blocked)])
    assert code == 2
    assert "cannot write its PDFs" in capsys.readouterr().err
