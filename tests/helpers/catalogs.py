"""Small catalogs for tests, as TOML text (the format the product manager writes).

Two ways to get one:

- `MINI_CATALOG`: a hand-written, valid, warning-free laptop catalog (chassis, processor,
  memory, an optional GPU, a "many" group of expansion cards, hard and recommend rules, [[bom]]
  adapters, slots, a `made_of` sub-assembly and [[tests]]). Tests that need a *broken* file
  usually take it and change one line: `MINI_CATALOG.replace('id = "m32"', 'id = "m16"')`.
- The builders: `catalog_toml(groups=[group("cpu", option("a"), option("b"))], rules=[...])`
  writes every part an option or [[bom]] entry names as a plain component automatically, so a
  test states only what it is about.

`write_catalog(tmp_path, text)` puts the text in a file for `load_catalog` and the CLI.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

MINI_CATALOG = """\
[catalog]
id = "mini"
name = "Mini laptops"
currency = "EUR"
base_price = "400.00"
assembly_minutes = 30

[groups.chassis]
label = "Chassis"

[[groups.chassis.options]]
id = "c13"
label = "13-inch chassis"
price = "0.00"
default = true
components = ["CHS-13", "DSP-13"]
attrs = { size_in = 13, max_tdp_w = 28 }

[[groups.chassis.options]]
id = "c16"
label = "16-inch chassis"
price = "150.00"
components = ["CHS-16", "DSP-16"]
attrs = { size_in = 16, max_tdp_w = 55 }

[groups.processor]
label = "Processor"

[[groups.processor.options]]
id = "u5"
label = "Core Ultra 5"
price = "0.00"
default = true
components = ["MB-U5"]
attrs = { tdp_w = 28 }

[[groups.processor.options]]
id = "h9"
label = "Core Ultra 9 H"
price = "400.00"
components = ["MB-H9"]
attrs = { tdp_w = 45 }

[groups.memory]
label = "Memory"

[[groups.memory.options]]
id = "m16"
label = "16 GB"
price = "0.00"
default = true
components = [{ part = "RAM-8", qty = 2 }]
attrs = { gb = 16 }

[[groups.memory.options]]
id = "m32"
label = "32 GB"
price = "90.00"
components = [{ part = "RAM-16", qty = 2 }]
attrs = { gb = 32 }

[groups.gpu]
label = "Graphics card"
kind = "optional"

[[groups.gpu.options]]
id = "rtx"
label = "RTX 4060"
price = "350.00"
components = ["GPU-4060"]
attrs = { tgp_w = 90 }

[groups.ports]
label = "Expansion cards"
kind = "many"
min = 1
max = 3

[[groups.ports.options]]
id = "usbc"
label = "USB-C card"
price = "9.00"
default = true
max_qty = 3
components = ["EXP-USBC"]

[[groups.ports.options]]
id = "hdmi"
label = "HDMI card"
price = "19.00"
components = ["EXP-HDMI"]

[[rules]]
id = "cpu-cooling"
when = "processor.tdp_w > 28"
require = "chassis.max_tdp_w >= processor.tdp_w"
message = "{processor.label} needs a chassis rated for {processor.tdp_w} W."

[[rules]]
id = "gpu-needs-16"
forbid = "gpu == 'rtx' and chassis == 'c13'"
message = "The RTX card only fits the 16-inch chassis."

[[rules]]
id = "gpu-memory-hint"
kind = "recommend"
when = "gpu == 'rtx'"
require = "memory == 'm32'"
message = "Customers with the {gpu.label} usually take 32 GB."

[[bom]]
when = "gpu == 'rtx' or processor.tdp_w >= 45"
add = ["PSU-140"]

[[bom]]
when = "not (gpu == 'rtx' or processor.tdp_w >= 45)"
add = ["PSU-65"]

[components.CHS-13]
name = "Chassis 13"
bin = "A-01-01"
lead_time_days = 10
steps = ["Lay the chassis on the ESD mat."]
qc = ["Hinges open without noise."]
slot = "chassis"

[components.CHS-16]
name = "Chassis 16"
bin = "A-01-02"
lead_time_days = 10
slot = "chassis"

[components.DSP-13]
name = "Display 13"
bin = "B-01-01"
lead_time_days = 14
slot = "display"

[components.DSP-16]
name = "Display assembly 16"
bin = "B-01-02"
lead_time_days = 20
slot = "display"
made_of = [{ part = "PNL-16", qty = 1 }, { part = "BZL-16", qty = 1 }]
build_minutes = 15

[components.PNL-16]
name = "Panel 16"
bin = "B-02-01"
lead_time_days = 30

[components.BZL-16]
name = "Bezel 16"
bin = "B-02-02"
lead_time_days = 7

[components.MB-U5]
name = "Mainboard with Core Ultra 5"
bin = "C-01-01"
lead_time_days = 12
slot = "mainboard"

[components.MB-H9]
name = "Mainboard with Core Ultra 9 H"
bin = "C-01-02"
lead_time_days = 12
slot = "mainboard"

[components.RAM-8]
name = "DDR5 module 8 GB"
bin = "C-02-01"
lead_time_days = 5

[components.RAM-16]
name = "DDR5 module 16 GB"
bin = "C-02-02"
lead_time_days = 5

[components.GPU-4060]
name = "RTX 4060 module"
bin = "C-03-01"
lead_time_days = 15

[components.EXP-USBC]
name = "USB-C expansion card"
bin = "D-01-01"
lead_time_days = 3

[components.EXP-HDMI]
name = "HDMI expansion card"
bin = "D-01-02"
lead_time_days = 3

[components.PSU-65]
name = "Adapter 65 W"
bin = "E-01-01"
lead_time_days = 4
slot = "adapter"

[components.PSU-140]
name = "Adapter 140 W"
bin = "E-01-02"
lead_time_days = 4
slot = "adapter"

[[tests]]
id = "no-rtx-in-13"
picks = { chassis = "c13", gpu = "rtx" }
expect = "invalid"

[[tests]]
id = "h9-excludes-13"
picks = { processor = "h9" }
expect_excluded = { chassis = ["c13"] }

[[tests]]
id = "full"
picks.chassis = "c16"
picks.processor = "h9"
picks.memory = "m32"
picks.gpu = "none"
picks.ports = { usbc = 2, hdmi = 1 }
expect = "complete"
"""
"""Valid and free of warnings; see the module docstring."""

MINI_CONFIGURATIONS = 60
"""Valid complete configurations of MINI_CATALOG, counted by hand: chassis/processor/gpu
give 5 (c13 only with u5 and no GPU; c16 with 2 x 2), times 2 memories, times 6 port
multisets (1-3 cards, up to 3 USB-C and 1 HDMI)."""


def write_catalog(directory: Path, text: str, name: str = "catalog.toml") -> Path:
    """Write catalog text to `directory/name` and return the path."""
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


# -- builders -------------------------------------------------------------------------------


def toml_value(value: Any) -> str:
    """A TOML literal for strings, numbers, booleans, lists and (inline) tables."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, Decimal):
        return f'"{value}"'
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # JSON escapes are valid TOML escapes
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_key(k)} = {toml_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    if isinstance(value, Iterable):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")


def _key(key: str) -> str:
    bare = key.replace("_", "").replace("-", "").isalnum() and key.isascii()
    return key if bare else toml_value(key)


def option(
    option_id: str,
    price: str = "0.00",
    *,
    label: str | None = None,
    default: bool = False,
    components: Sequence[str | Mapping[str, Any]] | None = None,
    attrs: Mapping[str, Any] | None = None,
    max_qty: int | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """An option; its component defaults to a part named `OPT-<id>` (so every option has one)."""
    data: dict[str, Any] = {"id": option_id, "label": label or option_id.upper(), "price": price}
    if default:
        data["default"] = True
    data["components"] = list(components) if components is not None else [f"OPT-{option_id}"]
    if attrs:
        data["attrs"] = dict(attrs)
    if max_qty is not None:
        data["max_qty"] = max_qty
    data.update(extra)
    return data


def group(
    group_id: str,
    *options: Mapping[str, Any],
    kind: str | None = None,
    label: str | None = None,
    min: int | None = None,
    max: int | None = None,
) -> tuple[str, dict[str, Any]]:
    data: dict[str, Any] = {"label": label or group_id.title()}
    if kind is not None:
        data["kind"] = kind
    if min is not None:
        data["min"] = min
    if max is not None:
        data["max"] = max
    data["options"] = list(options)
    return group_id, data


def rule(
    rule_id: str,
    *,
    require: str | None = None,
    forbid: str | None = None,
    when: str | None = None,
    kind: str | None = None,
    message: str | None = None,
) -> dict[str, Any]:
    data: dict[str, Any] = {"id": rule_id}
    if kind is not None:
        data["kind"] = kind
    if when is not None:
        data["when"] = when
    if require is not None:
        data["require"] = require
    if forbid is not None:
        data["forbid"] = forbid
    data["message"] = message if message is not None else f"Rule {rule_id}."
    return data


def _part_ids(parts: Iterable[str | Mapping[str, Any]]) -> list[str]:
    return [p if isinstance(p, str) else str(p["part"]) for p in parts]


def catalog_toml(
    groups: Sequence[tuple[str, Mapping[str, Any]]],
    rules: Sequence[Mapping[str, Any]] = (),
    *,
    bom: Sequence[Mapping[str, Any]] = (),
    components: Mapping[str, Mapping[str, Any]] | None = None,
    tests: Sequence[Mapping[str, Any]] = (),
    catalog_id: str = "test",
    base_price: str = "100.00",
    define_parts: bool = True,
) -> str:
    """A whole catalog file. Parts that are named but not in `components` are defined as
    plain parts (name, bin, lead time) unless `define_parts` is False."""
    lines = [
        "[catalog]",
        f"id = {toml_value(catalog_id)}",
        'name = "Test catalog"',
        'currency = "EUR"',
        f"base_price = {toml_value(base_price)}",
        "assembly_minutes = 30",
        "",
    ]
    named: list[str] = []
    for group_id, data in groups:
        lines.append(f"[groups.{_key(group_id)}]")
        for key, value in data.items():
            if key != "options":
                lines.append(f"{_key(key)} = {toml_value(value)}")
        lines.append("")
        for item in data.get("options", []):
            lines.append(f"[[groups.{_key(group_id)}.options]]")
            lines.extend(f"{_key(k)} = {toml_value(v)}" for k, v in item.items())
            lines.append("")
            named.extend(_part_ids(item.get("components", [])))
    for section, entries in (("rules", rules), ("bom", bom), ("tests", tests)):
        for entry in entries:
            lines.append(f"[[{section}]]")
            lines.extend(f"{_key(k)} = {toml_value(v)}" for k, v in entry.items())
            lines.append("")
            if section == "bom":
                named.extend(_part_ids(entry.get("add", [])))
    all_components = dict(components or {})
    for spec in list(all_components.values()):
        named.extend(_part_ids(spec.get("made_of", [])))
    if define_parts:
        for part in dict.fromkeys(named):
            all_components.setdefault(
                part, {"name": f"Part {part}", "bin": "A-01-01", "lead_time_days": 5}
            )
    for part, spec in all_components.items():
        lines.append(f"[components.{_key(part)}]")
        lines.extend(f"{_key(k)} = {toml_value(v)}" for k, v in spec.items())
        lines.append("")
    return "\n".join(lines)
