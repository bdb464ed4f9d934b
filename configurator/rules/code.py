"""Configuration codes: a short, stable, readable text for a configuration, parseable back.

    aurora-2026:chassis=c14;processor=r7;gpu=none;ports=usbc*2+hdmi

Groups appear in catalog order and options of a "many" group in catalog order, so equal picks
always give the same code; quantities of 1 are left out. Ids only need to avoid `:;=*+`.
Decoding does not check the ids against a catalog: `Engine.state` reports stale ones.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from configurator.catalog.model import Catalog, Picks, PickValue
from configurator.errors import UserError

_ID = re.compile(r"^[^:;=*+\s]+$")


class CodeError(UserError):
    """A configuration code is malformed or belongs to another catalog."""


def encode_code(catalog: Catalog, picks: Picks) -> str:
    """The code of `picks` (unknown groups are left out; none is written `none`)."""
    parts: list[str] = []
    for group in catalog.groups:
        if group.id not in picks:
            continue
        pick = picks[group.id]
        if isinstance(pick, Mapping):
            items = [
                o.id if pick[o.id] == 1 else f"{o.id}*{pick[o.id]}"
                for o in group.options
                if pick.get(o.id, 0) > 0
            ]
            if items:
                parts.append(f"{group.id}={'+'.join(items)}")
        else:
            parts.append(f"{group.id}={'none' if pick is None else pick}")
    return f"{catalog.id}:{';'.join(parts)}"


def decode_code(code: str, catalog: Catalog | None = None) -> dict[str, PickValue]:
    """Picks from a code; `CodeError` when it is malformed or names another catalog.

    With `catalog`, a group's kind decides whether `g=a` is one option or a multiset.
    """
    text = code.strip()
    head, sep, body = text.partition(":")
    if not sep or not _ID.match(head):
        raise CodeError(
            f"{code!r} is not a configuration code",
            hint="A code looks like CATALOG:group=option;group=option*2+other.",
        )
    if catalog is not None and head != catalog.id:
        raise CodeError(
            f"the code is for catalog {head!r}, not {catalog.id!r}",
            hint="Open it with the catalog it was made with.",
        )
    many = {g.id for g in catalog.groups if g.kind.value == "many"} if catalog else set()
    picks: dict[str, PickValue] = {}
    for position, part in enumerate(p for p in body.split(";") if p.strip()):
        group_id, eq, value = part.strip().partition("=")
        if not eq or not _ID.match(group_id) or not value:
            raise CodeError(f"part {position + 1} of the code ({part!r}) is not group=option")
        if "+" in value or "*" in value or group_id in many:
            bucket: dict[str, int] = {}
            for item in value.split("+"):
                option_id, star, qty = item.partition("*")
                if not _ID.match(option_id) or (star and not qty.isdigit()):
                    raise CodeError(f"{item!r} in the code is not option or option*quantity")
                bucket[option_id] = bucket.get(option_id, 0) + (int(qty) if star else 1)
            picks[group_id] = bucket
        else:
            picks[group_id] = None if value == "none" else value
    return picks
