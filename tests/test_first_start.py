"""First start creates the data folder and a seeded WAL database; later starts reuse them."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from configurator.cli.main import run
from configurator.paths import DATABASE_FILE


def _init(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object]]:
    code = run([*args, "init", "--json"])
    out = capsys.readouterr().out
    return code, (json.loads(out) if code == 0 else {})


def _count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_first_start_creates_folder_database_log_and_settings(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, result = _init(capsys, "--data-dir", str(data_dir))
    assert code == 0
    assert result["created"] is True
    db = data_dir / DATABASE_FILE
    assert db.is_file()
    assert (data_dir / "logs" / "configurator.log").is_file()
    assert (data_dir / "shop.toml").is_file()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert _count(db, "component") > 20


def test_second_start_reuses_the_store(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _init(capsys, "--data-dir", str(data_dir))
    db = data_dir / DATABASE_FILE
    components_before = _count(db, "component")
    settings = data_dir / "shop.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    code, result = _init(capsys, "--data-dir", str(data_dir))
    assert code == 0
    assert result["created"] is False
    assert _count(db, "component") == components_before
    assert settings.read_text(encoding="utf-8").endswith("# edited\n")


def test_database_url_overrides_the_file_in_the_data_folder(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "elsewhere.sqlite3"
    code, result = _init(
        capsys, "--data-dir", str(data_dir), "--database-url", f"sqlite:///{other}"
    )
    assert code == 0
    assert result["database"] == str(other)
    assert other.is_file()
    assert not (data_dir / DATABASE_FILE).exists()


def test_environment_variable_sets_the_data_folder(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CONFIGURATOR_DATA_DIR", str(data_dir))
    code, result = _init(capsys)
    assert code == 0
    assert result["data_dir"] == str(data_dir)


def test_default_data_folder_is_the_per_user_one(capsys: pytest.CaptureFixture[str]) -> None:
    code, result = _init(capsys)
    assert code == 0
    assert str(result["data_dir"]).startswith(os.environ["XDG_DATA_HOME"])


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere; permissions not testable")
def test_unwritable_data_folder_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    code = run(["--data-dir", str(locked / "data"), "init"])
    err = capsys.readouterr().err
    assert code == 2
    assert "cannot be used" in err
    assert "--data-dir" in err


def test_data_folder_on_a_read_only_filesystem_is_a_clear_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # /proc refuses new folders even to root, so this runs wherever the tests run.
    code = run(["--data-dir", "/proc/configurator-test/data", "init"])
    err = capsys.readouterr().err
    assert code == 2
    assert "cannot be used" in err
    assert "--data-dir" in err


def test_data_folder_that_is_a_file_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x", encoding="utf-8")
    code = run(["--data-dir", str(not_a_folder), "init"])
    err = capsys.readouterr().err
    assert code == 2
    assert "cannot be used" in err
    assert not_a_folder.read_text(encoding="utf-8") == "x"


def test_corrupt_database_is_reported_and_left_untouched(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir.mkdir()
    db = data_dir / DATABASE_FILE
    garbage = b"this is not an sqlite database" * 100
    db.write_bytes(garbage)
    code = run(["--data-dir", str(data_dir), "init"])
    err = capsys.readouterr().err
    assert code == 2
    assert "not a Configurator database or is damaged" in err
    assert db.read_bytes() == garbage


def test_database_url_that_cannot_be_opened(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(["--data-dir", str(data_dir), "--database-url", "nonsense://", "init"])
    err = capsys.readouterr().err
    assert code == 2
    assert "error:" in err

    code = run(
        [
            "--data-dir",
            str(data_dir),
            "--database-url",
            "postgresql+psycopg://nobody:wrong@127.0.0.1:1/none",
            "init",
        ]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert "cannot be opened" in err
    assert "wrong" not in err  # the password is never printed


def test_version_command_and_module_entry_point() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "configurator", "version", "--json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    info = json.loads(out)
    assert info["version"]
    assert info["revision"]


def test_help_lists_the_subcommands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "version" in out
    assert "init" in out
