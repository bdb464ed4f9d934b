"""A small catalog file in the contract's format, for CLI and loader round-trip tests."""

LAPTOP_TOML = """
[catalog]
id = "mini-2026"
name = "Mini laptops"
currency = "EUR"
base_price = "100.00"
assembly_minutes = 30

[groups.chassis]
label = "Chassis"
[[groups.chassis.options]]
id = "c13"
label = "Chassis 13"
price = "0.00"
default = true
components = ["CHS-13"]
attrs = { size_in = 13, max_tdp_w = 28 }
[[groups.chassis.options]]
id = "c16"
label = "Chassis 16"
price = "200.00"
components = ["CHS-16"]
attrs = { size_in = 16, max_tdp_w = 65 }

[groups.processor]
label = "Processor"
[[groups.processor.options]]
id = "r5"
label = "Ryzen 5"
price = "0.00"
default = true
components = ["CPU-R5"]
attrs = { tdp_w = 15 }
[[groups.processor.options]]
id = "r9"
label = "Ryzen 9"
price = "300.00"
components = ["CPU-R9"]
attrs = { tdp_w = 45 }

[groups.gpu]
label = "Graphics"
kind = "optional"
[[groups.gpu.options]]
id = "rtx"
label = "RTX"
price = "400.00"
components = ["GPU-RTX"]

[groups.ports]
label = "Expansion cards"
kind = "many"
min = 1
max = 2
[[groups.ports.options]]
id = "usbc"
label = "USB-C card"
price = "9.00"
max_qty = 2
components = ["EXP-USBC"]
[[groups.ports.options]]
id = "hdmi"
label = "HDMI card"
price = "19.00"
components = ["EXP-HDMI"]

[[rules]]
id = "cpu-cooling"
when = "processor.tdp_w > 15"
require = "chassis.max_tdp_w >= processor.tdp_w"
message = "{processor.label} needs a chassis rated for {processor.tdp_w} W."

[[rules]]
id = "rtx-big"
forbid = "gpu == 'rtx' and chassis.size_in < 16"
message = "The RTX needs the 16-inch chassis."

[[rules]]
id = "hdmi-hint"
kind = "recommend"
when = "gpu == 'rtx'"
require = "'hdmi' in ports"
message = "Take the HDMI card with the RTX."

[[bom]]
add = ["SCREWS"]

[components.CHS-13]
name = "Chassis 13"
bin = "A-1"
lead_time_days = 5
slot = "chassis"
[components.CHS-16]
name = "Chassis 16"
bin = "A-2"
lead_time_days = 5
slot = "chassis"
[components.CPU-R5]
name = "Ryzen 5"
bin = "B-1"
lead_time_days = 5
[components.CPU-R9]
name = "Ryzen 9"
bin = "B-2"
lead_time_days = 5
[components.GPU-RTX]
name = "RTX"
bin = "C-1"
lead_time_days = 5
[components.EXP-USBC]
name = "USB-C card"
bin = "D-1"
lead_time_days = 5
[components.EXP-HDMI]
name = "HDMI card"
bin = "D-2"
lead_time_days = 5
[components.SCREWS]
name = "Screws"
bin = "E-1"
lead_time_days = 1
"""
