"""The clerk's `--pick` arguments as the rule engine sees them, for `order`, `quote` and
`availability`.

`configure` shows the engine's state, which applies catalog defaults where they keep the
configuration valid; quoting, ordering and availability must use the same effective picks or
the commands disagree about what "the laptop" is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from configurator.errors import UserError

if TYPE_CHECKING:
    from configurator.catalog.model import Catalog, Picks, PickValue
    from configurator.rules.state import ConfigState


def _many_as_multisets(catalog: Catalog, picks: Picks) -> dict[str, Any]:
    """`--pick ports=usbc` of a "many" group means one of it."""
    from configurator.catalog.model import GroupKind

    out: dict[str, Any] = {}
    for group_id, value in picks.items():
        many = catalog.has_group(group_id) and catalog.group(group_id).kind is GroupKind.MANY
        out[group_id] = {value: 1} if many and isinstance(value, str) else value
    return out


def engine_state(catalog: Catalog, picks: Picks) -> ConfigState:
    """The engine's state for `picks`; a pick the engine had to drop is a `UserError`."""
    from configurator.rules.handover import engine_for

    state = engine_for(catalog).state(_many_as_multisets(catalog, picks))
    if state.dropped:
        reasons = "; ".join(d.reason.rstrip(". ") for d in state.dropped)
        raise UserError(
            f"These picks cannot be used: {reasons}.",
            hint="Correct them (configurator configure shows the options and why).",
        )
    return state


def _plain(value: Any) -> Any:
    return dict(value) if isinstance(value, Mapping) else value


def effective_picks(catalog: Catalog, picks: Picks) -> dict[str, Any]:
    """The picks including applied defaults (every pick, whether the laptop is complete or not)."""
    return {g: _plain(v) for g, v in engine_state(catalog, picks).picks.items()}


def order_picks(catalog: Catalog, picks: Picks) -> dict[str, Any]:
    """Picks for a quote or an order: with the defaults once complete, else as given.

    An incomplete configuration is passed on unchanged so the order code names the groups
    that are still to be chosen ("... is not chosen yet").
    """
    state = engine_state(catalog, picks)
    if not state.complete:
        return {g: _plain(v) for g, v in _many_as_multisets(catalog, picks).items()}
    return {g: _plain(v) for g, v in state.picks.items()}


def parse_picks(raw: list[str]) -> dict[str, PickValue]:
    """`group=option`, `group=none`, `group=option*2` (repeats of a group add up)."""
    singles: dict[str, str | None] = {}
    many: dict[str, dict[str, int]] = {}
    for item in raw:
        group, sep, value = item.partition("=")
        group, value = group.strip(), value.strip()
        if not sep or not group or not value:
            raise UserError(
                f"The pick {item!r} is not GROUP=OPTION.",
                hint="Write it like --pick memory=ram32 (or group=none, or ports=usbc*2).",
            )
        option, star, qty_text = value.partition("*")
        if star:
            if not qty_text.isdigit() or int(qty_text) < 1:
                raise UserError(f"The quantity in {item!r} must be a whole number of at least 1.")
            counts = many.setdefault(group, {})
            counts[option] = counts.get(option, 0) + int(qty_text)
        elif group in many or group in singles:
            previous = singles.pop(group, None)
            counts = many.setdefault(group, {})
            if previous is not None:
                counts[previous] = counts.get(previous, 0) + 1
            counts[option] = counts.get(option, 0) + 1
        else:
            singles[group] = None if value == "none" else value
    return {**singles, **many}
