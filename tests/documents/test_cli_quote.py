"""`configurator quote`: a quote PDF for any configuration, checked by the rule engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from configurator.cli.effective_picks import parse_picks
from configurator.cli.main import run
from configurator.errors import UserError
from tests.documents.pdfread import read_pdf

MINI_CATALOG = """\
[catalog]
id = "mini-2026"
name = "Mini laptops 2026"
currency = "EUR"
base_price = "499.00"
assembly_minutes = 40

[groups.chassis]
label = "Chassis"
[[groups.chassis.options]]
id = "c14"
label = "Mini 14, aluminium"
price = "0.00"
default = true
components = ["CHS-14"]

[groups.memory]
label = "Memory"
[[groups.memory.options]]
id = "m16"
label = "16 GB"
price = "0.00"
components = ["RAM-16"]
attrs = { ram_gb = 16 }
[[groups.memory.options]]
id = "m32"
label = "32 GB (2 × 16 GB)"
price = "120.00"
components = [{ part = "RAM-16", qty = 2 }]
attrs = { ram_gb = 32 }

[groups.keyboard]
label = "Keyboard"
[[groups.keyboard.options]]
id = "de"
label = "German (QWERTZ)"
price = "0.00"
components = ["KBD-DE"]
[[groups.keyboard.options]]
id = "us"
label = "US English"
price = "0.00"
components = ["KBD-US"]

[groups.ports]
label = "Expansion cards"
kind = "many"
min = 0
max = 3
[[groups.ports.options]]
id = "usbc"
label = "USB-C card"
price = "9.00"
max_qty = 3
components = ["EXP-USBC"]

[[rules]]
id = "us-no-32"
forbid = "memory == 'm32' and keyboard == 'us'"
message = "The US model is sold with 16 GB only."

[[bom]]
add = ["PSU-65"]

[components.CHS-14]
name = "Chassis 14, aluminium"
bin = "A-01-01"
lead_time_days = 10
slot = "chassis"
steps = ["Lay the chassis on the ESD mat."]
qc = ["Hinges open to 180 degrees."]

[components.RAM-16]
name = "SO-DIMM 16 GB"
bin = "B-01-01"
lead_time_days = 5
steps = ["Insert the SO-DIMMs."]

[components.KBD-DE]
name = "Keyboard German"
bin = "C-01-01"
lead_time_days = 5
slot = "keyboard"
steps = ["Connect the keyboard."]

[components.KBD-US]
name = "Keyboard US"
bin = "C-01-02"
lead_time_days = 5
slot = "keyboard"
steps = ["Connect the keyboard."]

[components.EXP-USBC]
name = "USB-C card"
bin = "D-01-01"
lead_time_days = 5

[components.PSU-65]
name = "Adapter 65 W"
bin = "A-09-01"
lead_time_days = 5
qc = ["Adapter charges the battery."]
"""


@pytest.fixture
def catalog_file(tmp_path: Path) -> Path:
    path = tmp_path / "mini.toml"
    path.write_text(MINI_CATALOG, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONFIGURATOR_DATA_DIR", str(tmp_path / "data"))


def _quote(catalog: Path, out: Path, *picks: str, extra: tuple[str, ...] = ()) -> int:
    args = ["quote", "--catalog", str(catalog), "--out", str(out), "--date", "2026-11-25"]
    for pick in picks:
        args += ["--pick", pick]
    return run([*args, *extra])


def test_quote_for_a_valid_configuration(
    catalog_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "quote.pdf"
    code = _quote(
        catalog_file,
        out,
        "chassis=c14",
        "memory=m32",
        "keyboard=de",
        "ports=usbc",
        "ports=usbc",
        extra=("--customer", "Jörg Ünal", "--json", "--paper", "letter"),
    )
    assert code == 0
    assert '"total": "637.00"' in capsys.readouterr().out
    text = read_pdf(out.read_bytes()).text
    assert "Jörg Ünal" in text
    assert "Memory 32 GB (2 × 16 GB) 1 120,00 € 120,00 €" in text
    assert "Expansion cards USB-C card 2 9,00 € 18,00 €" in text
    assert "Total 637,00 €" in text
    assert "Valid until 09.12.2026" in text
    assert "chassis=c14;memory=m32;keyboard=de;ports=usbc*2" in text


def test_invalid_configuration_is_refused_and_writes_nothing(
    catalog_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "quote.pdf"
    code = _quote(catalog_file, out, "chassis=c14", "memory=m32", "keyboard=us")
    assert code == 2
    assert "US model is sold with 16 GB only" in capsys.readouterr().err
    assert not out.exists()


def test_incomplete_configuration_names_the_missing_group(
    catalog_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _quote(catalog_file, tmp_path / "q.pdf", "chassis=c14", "memory=m16") == 2
    assert "Keyboard" in capsys.readouterr().err


def test_unwritable_output_is_a_clear_error(
    catalog_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "missing-folder" / "q.pdf"
    assert _quote(catalog_file, out, "chassis=c14", "memory=m16", "keyboard=us") == 2
    assert "does not exist" in capsys.readouterr().err
    assert not out.parent.exists()


def test_pick_syntax() -> None:
    """One parser for configure, quote, order and availability: a later pick of a one group
    replaces the earlier one, a many group's plain picks add up, `*N` sets the quantity."""
    from configurator.catalog.loader import load_catalog
    from configurator.paths import demo_catalog_path

    catalog = load_catalog(demo_catalog_path())
    assert parse_picks(
        catalog,
        [
            "chassis=c13",
            "chassis=c14",
            "storage2=none",
            "accessories=mouse*2",
            "accessories=dock",
            "accessories=hub",
            "accessories=hub",
            "accessories=charger*2",
            "accessories=charger*1",
        ],
    ) == {
        "chassis": "c14",
        "storage2": None,
        "accessories": {"mouse": 2, "dock": 1, "hub": 2, "charger": 1},
    }
    with pytest.raises(UserError, match="not GROUP=OPTION"):
        parse_picks(catalog, ["memory"])
    with pytest.raises(UserError, match="whole number"):
        parse_picks(catalog, ["accessories=mouse*0"])
    with pytest.raises(UserError, match="has no group 'ports'"):
        parse_picks(catalog, ["ports=usbc"])
    with pytest.raises(UserError, match="has no option 'm3'"):
        parse_picks(catalog, ["memory=m3"])
    with pytest.raises(UserError, match="takes one option, not 2"):
        parse_picks(catalog, ["chassis=c14*2"])


@pytest.mark.parametrize(("option", "limit"), [("--customer", 200), ("--number", 40)])
def test_overlong_customer_or_number_is_refused(
    catalog_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    option: str,
    limit: int,
) -> None:
    out = tmp_path / "q.pdf"
    picks = ("chassis=c14", "memory=m16", "keyboard=us")
    assert _quote(catalog_file, out, *picks, extra=(option, "W" * 2000)) == 2
    assert f"{option} is 2,000 characters long; a quote takes at most {limit}" in (
        capsys.readouterr().err
    )
    assert not out.exists()
    assert _quote(catalog_file, out, *picks, extra=(option, "W" * limit)) == 0


def test_catalog_defaults_complete_the_configuration(
    catalog_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The chassis is left to its catalog default, as `configure` does."""
    out = tmp_path / "quote.pdf"
    assert _quote(catalog_file, out, "memory=m16", "keyboard=us", extra=("--json",)) == 0
    assert '"configuration_code": "mini-2026:chassis=c14;memory=m16;keyboard=us' in (
        capsys.readouterr().out
    )
    assert "Mini 14, aluminium" in read_pdf(out.read_bytes()).text
