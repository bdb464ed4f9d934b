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


def parse_picks(
    catalog: Catalog, pick_args: list[str], code: str | None = None
) -> dict[str, PickValue]:
    """The picks of a configuration code and `--pick` arguments, the same for every command.

    `group=option` picks an option of a one/optional group (a later pick of the same group
    replaces it) or adds one of it to a "many" group; `group=option*N` sets that option's
    quantity to N; `group=none` leaves an optional group empty. Unknown groups and options
    are `UserError`s naming the choices.
    """
    from configurator.catalog.model import GroupKind
    from configurator.rules.code import decode_code

    picks: dict[str, PickValue] = dict(decode_code(code, catalog)) if code else {}
    for text in pick_args:
        group_id, option_id, qty = _parse_pick(text)
        if not catalog.has_group(group_id):
            raise UserError(
                f"--pick {text!r}: catalog {catalog.id!r} has no group {group_id!r}",
                hint=f"Groups: {', '.join(g.id for g in catalog.groups)}.",
            )
        group = catalog.group(group_id)
        if option_id == "none" and group.kind is GroupKind.OPTIONAL:
            picks.pop(group_id, None)
            picks[group_id] = None
            continue
        if option_id == "none":
            raise UserError(
                f"--pick {text!r}: 'none' is only for optional groups; {group_id!r} "
                f"({group.label}) must have one of its options",
                hint=f"Options: {', '.join(o.id for o in group.options)}.",
            )
        if not group.has_option(option_id):
            raise UserError(
                f"--pick {text!r}: group {group_id!r} has no option {option_id!r}",
                hint=f"Options: {', '.join(o.id for o in group.options)}.",
            )
        if group.kind is GroupKind.MANY:
            current = picks.get(group_id)
            bucket = dict(current) if isinstance(current, Mapping) else {}
            bucket[option_id] = qty if qty is not None else bucket.get(option_id, 0) + 1
            picks[group_id] = bucket
        elif qty is not None and qty != 1:
            raise UserError(
                f"--pick {text!r}: {group.label} takes one option, not {qty}",
                hint=f"Write --pick {group_id}={option_id}.",
            )
        else:
            picks.pop(group_id, None)
            picks[group_id] = option_id
    return picks


def _parse_pick(text: str) -> tuple[str, str, int | None]:
    group, eq, value = text.partition("=")
    if not eq or not group.strip() or not value.strip():
        raise UserError(
            f"--pick {text!r} is not GROUP=OPTION",
            hint="For example --pick chassis=c14, --pick gpu=none or --pick ports=usbc*2.",
        )
    option, star, qty = value.strip().partition("*")
    if star and (not qty.isdigit() or int(qty) < 1):
        raise UserError(
            f"--pick {text!r}: the quantity after '*' must be a positive whole number",
            hint="For example --pick ports=usbc*2.",
        )
    return group.strip(), option.strip(), int(qty) if star else None
