"""Small catalogs built in code, so logic tests never depend on the demo file."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from configurator.catalog.model import (
    BomEntry,
    Catalog,
    Component,
    Group,
    GroupKind,
    Option,
    PartQty,
    Rule,
    RuleKind,
)


def option(
    oid: str,
    price: str = "0",
    *,
    attrs: Mapping[str, Any] | None = None,
    parts: Sequence[str | tuple[str, int]] = (),
    default: bool = False,
    max_qty: int = 1,
) -> Option:
    comps = tuple(PartQty(p) if isinstance(p, str) else PartQty(p[0], p[1]) for p in parts)
    return Option(
        id=oid,
        label=oid.upper(),
        price=Decimal(price),
        default=default,
        components=comps,
        attrs=dict(attrs or {}),
        max_qty=max_qty,
    )


def group(
    gid: str,
    options: Sequence[Option],
    kind: str = "one",
    *,
    min: int | None = None,
    max: int | None = None,
) -> Group:
    gkind = GroupKind(kind)
    if gkind is GroupKind.MANY:
        lo = 0 if min is None else min
        hi = sum(o.max_qty for o in options) if max is None else max
    else:
        lo, hi = (1, 1) if gkind is GroupKind.ONE else (0, 1)
    return Group(id=gid, label=gid.title(), kind=gkind, options=tuple(options), min=lo, max=hi)


def rule(
    rid: str,
    *,
    require: str | None = None,
    forbid: str | None = None,
    when: str | None = None,
    recommend: bool = False,
    message: str = "",
) -> Rule:
    expression = require if require is not None else forbid
    assert expression is not None
    if recommend:
        kind = RuleKind.RECOMMEND
    else:
        kind = RuleKind.REQUIRE if require is not None else RuleKind.FORBID
    return Rule(
        id=rid,
        kind=kind,
        expression=expression,
        message=message or f"rule {rid}",
        when=when,
        forbid=require is None,
    )


def catalog(
    groups: Sequence[Group],
    rules: Sequence[Rule] = (),
    *,
    bom: Sequence[tuple[str | None, Sequence[str | tuple[str, int]]]] = (),
    slots: Mapping[str, str] | None = None,
    base_price: str = "100",
    cid: str = "test-cat",
) -> Catalog:
    entries = tuple(
        BomEntry(
            add=tuple(PartQty(p) if isinstance(p, str) else PartQty(p[0], p[1]) for p in parts),
            when=when,
        )
        for when, parts in bom
    )
    part_ids = {pq.part for g in groups for o in g.options for pq in o.components}
    part_ids |= {pq.part for e in entries for pq in e.add}
    slot_of = dict(slots or {})
    components = {
        p: Component(id=p, name=p, bin="A-1", lead_time_days=1, slot=slot_of.get(p))
        for p in sorted(part_ids)
    }
    return Catalog(
        id=cid,
        name="Test catalog",
        currency="EUR",
        base_price=Decimal(base_price),
        assembly_minutes=30,
        groups=tuple(groups),
        rules=tuple(rules),
        bom=entries,
        components=components,
    )


def laptop() -> Catalog:
    """A laptop-shaped catalog covering every group kind and rule kind."""
    return catalog(
        [
            group(
                "chassis",
                [
                    option(
                        "c13",
                        "0",
                        attrs={"size_in": 13, "max_tdp_w": 28},
                        parts=["CHS-13"],
                        default=True,
                    ),
                    option("c14", "100", attrs={"size_in": 14, "max_tdp_w": 45}, parts=["CHS-14"]),
                    option(
                        "c16",
                        "200",
                        attrs={"size_in": 16, "max_tdp_w": 65, "m2_slots": 2},
                        parts=["CHS-16"],
                    ),
                ],
            ),
            group(
                "processor",
                [
                    option("r5", "0", attrs={"tdp_w": 15}, parts=["CPU-R5"], default=True),
                    option("r7", "150", attrs={"tdp_w": 28}, parts=["CPU-R7"]),
                    option("r9", "300", attrs={"tdp_w": 45}, parts=["CPU-R9"]),
                ],
            ),
            group(
                "gpu",
                [
                    option("igpu", "0", attrs={"power_w": 0}, default=True),
                    option("rtx", "400", attrs={"power_w": 60}, parts=["GPU-RTX"]),
                ],
                "optional",
            ),
            group(
                "ports",
                [
                    option("usbc", "9", attrs={"w": 2}, parts=["EXP-USBC"], max_qty=4),
                    option("hdmi", "19", attrs={"w": 3}, parts=["EXP-HDMI"], max_qty=2),
                    option("sd", "15", attrs={"w": 1}, parts=["EXP-SD"]),
                ],
                "many",
                min=2,
                max=3,
            ),
        ],
        [
            rule(
                "cpu-cooling",
                when="processor.tdp_w > 15",
                require="chassis.max_tdp_w >= processor.tdp_w",
                message="{processor.label} needs a chassis rated for {processor.tdp_w} W.",
            ),
            rule(
                "rtx-big",
                forbid="gpu == 'rtx' and chassis.size_in < 16",
                message="The RTX needs the 16-inch chassis.",
            ),
            rule(
                "hdmi-rtx",
                require="qty(ports, 'hdmi') <= 1 or gpu == 'rtx'",
                message="Two HDMI cards only with the RTX.",
            ),
            rule(
                "sd-hint",
                recommend=True,
                when="chassis == 'c16'",
                require="'sd' in ports",
                message="Photographers like the SD card.",
            ),
        ],
        bom=[
            (None, ["SCREWS"]),
            ("gpu == 'rtx' or processor.tdp_w >= 45", ["PSU-140"]),
            ("not (gpu == 'rtx' or processor.tdp_w >= 45)", ["PSU-65"]),
        ],
        slots={
            "CHS-13": "chassis",
            "CHS-14": "chassis",
            "CHS-16": "chassis",
            "PSU-140": "adapter",
            "PSU-65": "adapter",
        },
    )
