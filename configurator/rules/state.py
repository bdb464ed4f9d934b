"""What the engine answers with: immutable states, explanations, repairs.

A view renders a `ConfigState` and nothing else; each click goes back to the engine and comes
back as a new state (or a `Repair` to confirm). `to_dict()` gives the JSON of
`configurator configure --json` (schema in docs/engine.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from configurator.catalog.model import PickValue


@dataclass(frozen=True, slots=True)
class PickRef:
    """One pick inside an explanation or a change: a group's option (or none), with quantity."""

    group: str
    option: str | None
    """None: an "optional" group explicitly picked as none."""
    qty: int = 1
    """For "many" groups: the quantity picked so far ("at least"); else 1."""
    default: bool = False
    """True when the engine applied the catalog default (the clerk did not pick it)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "option": self.option,
            "qty": self.qty,
            "default": self.default,
        }


@dataclass(frozen=True, slots=True)
class Explanation:
    """A minimal set of picks and constraints that together exclude something.

    Minimal: dropping any pick, rule or limit from it no longer excludes it.
    """

    picks: tuple[PickRef, ...]
    rules: tuple[str, ...]
    limits: tuple[str, ...]
    """Group limits involved: "min:GROUP", "max:GROUP" or "max_qty:GROUP.OPTION"."""
    messages: tuple[str, ...]
    """Rule messages with placeholders filled, then one sentence per limit."""

    @property
    def text(self) -> str:
        return " ".join(self.messages)

    def to_dict(self) -> dict[str, Any]:
        return {
            "picks": [p.to_dict() for p in self.picks],
            "rules": list(self.rules),
            "limits": list(self.limits),
            "messages": list(self.messages),
        }


_set = object.__setattr__
"""Frozen dataclasses set their fields this way; the hand-written `__init__`s of the classes
a click makes by the hundred (`OptionState`, `GroupState`) call it directly: compiled, that
takes a third less than the generated `__init__` (the same fields, defaults and checks)."""


@dataclass(frozen=True, slots=True, init=False)
class OptionState:
    """One option of a group as the clerk sees it (option None: the "none" choice).

    The explanation of an excluded option is computed on first access (a click only decides
    what is selectable; a view asks "why not?" for the few options it shows a reason for).
    `to_dict()` asks for every one, so the JSON is always complete. Ask on the thread that
    uses the engine (an engine is not thread-safe).
    """

    option: str | None
    selectable: bool
    """One/optional: some valid configuration has this option with all *other* picks kept.
    Many: one more of it can be added with all picks kept."""
    picked: bool
    qty: int = 0
    """Many groups: the quantity picked so far."""
    max_qty: int = 0
    """Many groups: the highest quantity still reachable with all picks kept."""
    explain: Explanation | Callable[[], Explanation] | None = field(
        default=None, repr=False, compare=False
    )
    """The explanation, or how to compute it (None when selectable)."""

    def __init__(  # noqa: PLR0917 - the dataclass's own positional signature
        self,
        option: str | None,
        selectable: bool,
        picked: bool,
        qty: int = 0,
        max_qty: int = 0,
        explain: Explanation | Callable[[], Explanation] | None = None,
    ) -> None:
        _set(self, "option", option)
        _set(self, "selectable", selectable)
        _set(self, "picked", picked)
        _set(self, "qty", qty)
        _set(self, "max_qty", max_qty)
        _set(self, "explain", explain)

    @property
    def explanation(self) -> Explanation | None:
        """Why it is not selectable (None when selectable)."""
        explain = self.explain
        if explain is None or isinstance(explain, Explanation):
            return explain
        found = explain()
        # Frozen, but computed only once; the recipe (a closure over the state's picks) is
        # dropped with it, so cached states keep fewer objects for the garbage collector.
        object.__setattr__(self, "explain", found)
        return found

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "option": self.option,
            "selectable": self.selectable,
            "picked": self.picked,
        }
        if self.qty or self.max_qty:
            out |= {"qty": self.qty, "max_qty": self.max_qty}
        explanation = self.explanation
        out["explanation"] = explanation.to_dict() if explanation else None
        return out


@dataclass(frozen=True, slots=True, init=False)
class GroupState:
    group: str
    kind: str
    decided: bool
    default: bool
    """The pick came from the catalog default, not from the clerk."""
    options: tuple[OptionState, ...]
    count: int = 0
    """Many groups: the number of picks (quantities included)."""

    def __init__(  # noqa: PLR0917 - the dataclass's own positional signature
        self,
        group: str,
        kind: str,
        decided: bool,
        default: bool,
        options: tuple[OptionState, ...],
        count: int = 0,
    ) -> None:
        _set(self, "group", group)
        _set(self, "kind", kind)
        _set(self, "decided", decided)
        _set(self, "default", default)
        _set(self, "options", options)
        _set(self, "count", count)

    def option(self, option_id: str | None) -> OptionState:
        for state in self.options:
            if state.option == option_id:
                return state
        raise KeyError(f"group {self.group!r} has no option {option_id!r}")

    @property
    def selectable(self) -> tuple[str | None, ...]:
        return tuple(o.option for o in self.options if o.selectable)

    @property
    def excluded(self) -> tuple[str | None, ...]:
        return tuple(o.option for o in self.options if not o.selectable)

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "kind": self.kind,
            "decided": self.decided,
            "default": self.default,
            "count": self.count,
            "options": [o.to_dict() for o in self.options],
        }


@dataclass(frozen=True, slots=True)
class DroppedPick:
    """A pick the engine could not keep: unknown id, or it conflicts with earlier picks."""

    group: str
    option: str | None
    reason: str
    explanation: Explanation | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "option": self.option,
            "reason": self.reason,
            "explanation": self.explanation.to_dict() if self.explanation else None,
        }


@dataclass(frozen=True, slots=True)
class Change:
    """An earlier pick that a repair changes (after None with qty 0: cleared)."""

    group: str
    before: PickRef
    after: PickRef | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "before": self.before.to_dict(),
            "after": self.after.to_dict() if self.after else None,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class Hint:
    """A recommend rule that fires for the current picks."""

    rule: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "message": self.message}


@dataclass(frozen=True, slots=True)
class ConfigState:
    """Everything a view shows for the picks so far. Always consistent: never a dead end."""

    catalog_id: str
    picks: Mapping[str, PickValue]
    """Effective picks (the clerk's plus applied defaults), in pick order."""
    user_picks: Mapping[str, PickValue]
    defaults: frozenset[str]
    """Groups whose pick is an applied default."""
    groups: tuple[GroupState, ...]
    price: Decimal
    complete: bool
    hints: tuple[Hint, ...] = ()
    dropped: tuple[DroppedPick, ...] = ()
    changes: tuple[Change, ...] = ()
    code: str | None = None
    """The configuration code (complete configurations only)."""
    _index: Mapping[str, int] = field(default_factory=dict, repr=False, compare=False)
    _units: tuple[Any, ...] = field(default=(), repr=False, compare=False)
    """The engine's own form of `user_picks` (so the next click need not parse them again)."""
    _owner: Any = field(default=None, repr=False, compare=False)
    """The compiled catalog `_units` belong to."""

    def group(self, group_id: str) -> GroupState:
        index = self._index.get(group_id)
        if index is None:
            raise KeyError(f"no group {group_id!r}")
        return self.groups[index]

    def option(self, group_id: str, option_id: str | None) -> OptionState:
        return self.group(group_id).option(option_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "catalog": self.catalog_id,
            "complete": self.complete,
            "code": self.code,
            "price": str(self.price),
            "picks": {g: _pick_json(v) for g, v in self.picks.items()},
            "defaults": sorted(self.defaults),
            "groups": [g.to_dict() for g in self.groups],
            "hints": [h.to_dict() for h in self.hints],
            "dropped": [d.to_dict() for d in self.dropped],
            "changes": [c.to_dict() for c in self.changes],
        }


def _pick_json(value: PickValue) -> Any:
    if isinstance(value, Mapping):
        return dict(value)
    return value


@dataclass(frozen=True, slots=True)
class Repair:
    """What to change so that an excluded pick becomes possible; `Engine.apply` carries it out."""

    group: str
    option: str | None
    qty: int
    picks: Mapping[str, PickValue]
    """The clerk's picks after the repair (the new pick included)."""
    changes: tuple[Change, ...]
    conflict: Explanation
    """Why the pick was excluded (the minimal conflict)."""
    _units: tuple[Any, ...] = field(default=(), repr=False, compare=False)
    """The engine's own form of `picks` (so confirming need not parse them again)."""
    _owner: Any = field(default=None, repr=False, compare=False)
    """The compiled catalog `_units` belong to."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "option": self.option,
            "qty": self.qty,
            "picks": {g: _pick_json(v) for g, v in self.picks.items()},
            "changes": [c.to_dict() for c in self.changes],
            "conflict": self.conflict.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class PickResult:
    """The new state (the pick was possible), a repair proposal to confirm, or `blocked`.

    `blocked` explains an option that no change of other picks can make possible (the
    catalog's rules exclude it on their own, or together with group limits).
    """

    state: ConfigState | None = None
    repair: Repair | None = None
    blocked: Explanation | None = None

    @property
    def ok(self) -> bool:
        return self.state is not None
