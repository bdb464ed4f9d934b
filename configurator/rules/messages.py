"""Filling `{group.attr}` placeholders of rule messages with the picks at hand.

A placeholder whose group is not decided is filled from the options it can still take
(`candidates`, by default all of the group's options): their common value, a numeric range
("45 to 55"), or else the group's label ("the processor"). A clerk never sees braces, and a
message never claims a value it does not know.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from configurator.catalog.model import Catalog, Group, Option
from configurator.rules.evaluate import NONE_PICK, Env, attr_value

_ARTICLES = frozenset({"the", "a", "an", "this", "your"})
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?:\.([A-Za-z_][A-Za-z0-9_]*))?\}")


def _show(value: object) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


@dataclass(frozen=True, slots=True)
class _Slot:
    """One placeholder of a template, with what its group's words need from the text before
    it (worked out once per template, not on every rendering)."""

    group: str
    attr: str | None
    after_article: bool
    """The template already has "the"/"a"/... right before it."""
    sentence_start: bool


def _slot(template: str, match: re.Match[str]) -> _Slot:
    before = template[: match.start()]
    last = before.split()[-1].lower() if before.strip() else ""
    return _Slot(
        match.group(1),
        match.group(2),
        last in _ARTICLES and before.endswith(" "),
        not before.strip() or before.rstrip().endswith((".", ":", "!", "?")),
    )


@lru_cache(maxsize=4096)
def _compiled(template: str) -> tuple[str | _Slot, ...]:
    """`template` split into its text and its placeholders (messages are rendered often, and
    a catalog has a few thousand at most)."""
    parts: list[str | _Slot] = []
    end = 0
    for match in _PLACEHOLDER.finditer(template):
        if match.start() > end:
            parts.append(template[end : match.start()])
        parts.append(_slot(template, match))
        end = match.end()
    if end < len(template):
        parts.append(template[end:])
    return tuple(parts)


def _group_words(group: Group, slot: _Slot) -> str:
    """ "the processor", without doubling an article the template already has."""
    words = group.label[:1].lower() + group.label[1:]
    if slot.after_article:
        return words
    return ("The " if slot.sentence_start else "the ") + words


def _undecided(group: Group, attr: str | None, options: Sequence[Option], slot: _Slot) -> str:
    """A placeholder of an undecided group, from the options it could still take."""
    if len(options) == 1:
        only = options[0]
        if attr is None:
            return only.label
        if only.has_attr(attr):
            return _show(attr_value(only.attr(attr)))
    elif attr is not None and options and all(o.has_attr(attr) for o in options):
        values = [attr_value(o.attr(attr)) for o in options]
        distinct = sorted(set(map(str, values)))
        if len(distinct) == 1:
            return _show(values[0])
        numbers = [v for v in values if isinstance(v, Decimal)]
        if len(numbers) == len(values):
            return f"{_show(min(numbers))} to {_show(max(numbers))}"
    return _group_words(group, slot)


def settled(
    group: Group,
    attr: str | None,
    known: Sequence[Option],
    possible: Sequence[Option] | None = None,
) -> bool:
    """Whether a placeholder of undecided `group` reads the same for every set of fitting
    options that contains `known` and lies within `possible` (the options not yet ruled out,
    `known` among them; by default all of the group's): then no solver needs to ask about
    the others."""
    candidates = group.options if possible is None else possible
    if len(candidates) <= len(known):
        return True  # every option that may fit is known to: the set is final
    if attr is None:
        return len(known) >= 2  # one option: its label; two or more: the group's words
    if not known:
        return False
    if not all(o.has_attr(attr) for o in known):
        return True  # an option without the attribute: the group's words, alone or not
    values = [attr_value(o.attr(attr)) for o in known]
    shown = set(map(str, values))
    if len(shown) < 2:
        # One common value so far: final only if no option that may fit shows another.
        text = _show(values[0])
        for option in candidates:
            if not option.has_attr(attr):
                return False
            value = attr_value(option.attr(attr))
            if str(value) not in shown or _show(value) != text:
                return False
        return True
    numbers = [v for v in values if isinstance(v, Decimal)]
    if len(numbers) < len(values):
        return True  # not all numbers: the group's words
    low, high = min(numbers), max(numbers)
    for option in candidates:  # a range that no option that may fit can widen
        value = attr_value(option.attr(attr)) if option.has_attr(attr) else None
        if not isinstance(value, Decimal) or not low <= value <= high:
            return False
    return True


def ask_first(group: Group, attrs: Sequence[str | None]) -> dict[str, int]:
    """The order in which to ask whether `group`'s options fit, for placeholders showing
    `attrs` (option id -> rank, lowest first): for a numeric range the options at its ends
    first, since once they fit no option between them can change the text; otherwise the
    catalog's order."""
    for attr in attrs:
        if attr is None:
            continue
        values = [attr_value(o.attr(attr)) if o.has_attr(attr) else None for o in group.options]
        numbers = [v for v in values if isinstance(v, Decimal)]
        if len(numbers) < len(values) or not numbers:
            continue
        middle = (min(numbers) + max(numbers)) / 2
        ends = sorted(range(len(numbers)), key=lambda i: (-abs(numbers[i] - middle), i))
        return {group.options[i].id: rank for rank, i in enumerate(ends)}
    return {o.id: rank for rank, o in enumerate(group.options)}


def placeholders(template: str) -> list[tuple[str, str | None]]:
    """The (group, attribute or None) placeholders of a message template."""
    return [(p.group, p.attr) for p in _compiled(template) if isinstance(p, _Slot)]


@lru_cache(maxsize=4096)
def placeholder_groups(template: str) -> tuple[tuple[str, tuple[str | None, ...]], ...]:
    """The groups a message template names, each with the attributes it shows of it (None:
    the group's value itself), in order of first mention. Made once per template: every
    explanation a rule takes part in asks again."""
    attrs: dict[str, list[str | None]] = {}
    for group_id, attr in placeholders(template):
        attrs.setdefault(group_id, []).append(attr)
    return tuple((group_id, tuple(wanted)) for group_id, wanted in attrs.items())


_GROUPS: dict[int, tuple[Catalog, dict[str, Group]]] = {}


def _groups_of(catalog: Catalog) -> dict[str, Group]:
    """The catalog's groups by id, made once per catalog object (messages are rendered often)."""
    known = _GROUPS.get(id(catalog))
    if known is None or known[0] is not catalog:
        if len(_GROUPS) > 16:
            _GROUPS.clear()
        known = _GROUPS[id(catalog)] = (catalog, {g.id: g for g in catalog.groups})
    return known[1]


def render_message(
    template: str,
    catalog: Catalog,
    env: Env,
    candidates: Mapping[str, Sequence[Option]] | None = None,
) -> str:
    """`template` with every placeholder filled: from `env`, else from the group's options.

    `candidates` narrows an undecided group to the options it can still take (for example
    those that fit an explanation's picks); without it every option of the group counts.
    An unknown group or attribute is shown as plain words, never as braces.
    """
    groups = _groups_of(catalog)
    out: list[str] = []
    for part in _compiled(template):
        out.append(part if isinstance(part, str) else _fill(part, groups, env, candidates))
    return "".join(out)


def _fill(
    slot: _Slot,
    groups: Mapping[str, Group],
    env: Env,
    candidates: Mapping[str, Sequence[Option]] | None,
) -> str:
    group_id, attr = slot.group, slot.attr
    value = env.get(group_id)
    group = groups.get(group_id)
    if group is None:
        return group_id if attr is None else f"{group_id} {attr}".replace("_", " ")
    if value is None:
        options = group.options
        if candidates is not None and group_id in candidates:
            options = tuple(candidates[group_id])
        return _undecided(group, attr, options, slot)
    if value is NONE_PICK:
        return "none"
    if isinstance(value, Option):
        if attr is None:
            return value.label
        if value.has_attr(attr):
            return _show(attr_value(value.attr(attr)))
        return value.label
    if isinstance(value, Mapping):
        if attr is None:
            parts = []
            for option_id, qty in value.items():
                label = group.option(option_id).label if group.has_option(option_id) else option_id
                parts.append(label if qty == 1 else f"{qty} x {label}")
            return ", ".join(parts) or "none"
        total = Decimal(0)
        for option_id, qty in value.items():
            if group.has_option(option_id) and group.option(option_id).has_attr(attr):
                number = attr_value(group.option(option_id).attr(attr))
                if isinstance(number, Decimal):
                    total += number * qty
        return _show(total)
    return _group_words(group, slot)
