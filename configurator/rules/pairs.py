"""Pairs of values that no valid configuration takes together, proved once per catalog.

In a laptop-sized catalog almost every "no" has one pick to blame: the 2.8K panel is out
because of the 13" chassis, through one rule or a short chain of them. Proving each such pair
(and its minimal rules) once, when the catalog is compiled, turns those exclusions into a mask
test on every click, and their explanations into a lookup, instead of a solver call and a
conflict minimisation the first time each comes up. The table is exact: a pair is listed only
after the solver proved it unsatisfiable, and its rules are a minimal conflict.

Only for catalogs of up to `PAIR_LIMIT` values (the work grows with the square of the values);
larger catalogs keep the per-click path, which is built for them.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from configurator.rules.solving import bit

if TYPE_CHECKING:
    from configurator.rules.engine import Engine

PAIR_LIMIT = 160
"""Values (option, none and quantity literals) up to which the pairs are proved at compile
time: at most about 12,700 pairs, most of them shown compatible by a few dozen models."""

PAIR_BUDGET = 1500
"""Solver calls the proofs may take (the demo catalog needs about 600): a catalog with dense
rules near the size limit stops there, keeping the clashes proved so far (each is exact)."""
PAIR_SECONDS = 0.15
"""CPU time the proofs may take (the demo catalog needs about 20 ms): where each solve is
slow (dense rules), fewer pairs are proved. Which ones does not change any answer, only how
some clicks get it."""
EAGER_RULES = 200
"""Clashing pairs whose minimal rules are found at compile time (each costs a conflict
minimisation, 0.2-1 ms); a catalog with more finds the rest when a click first needs them."""

Raw = tuple[tuple[int, ...], tuple[tuple[str, str], ...]]


class PairTable:
    """`clash[lit]`: mask of the values that cannot go with `lit` in any valid configuration;
    `raw(lit, partner)`: that partner and the minimal rules that forbid the pair."""

    def __init__(self, engine: Engine) -> None:
        self.clash: dict[int, int] = {}
        self._rules: dict[tuple[int, int], tuple[tuple[str, str], ...] | None] = {}
        self._engine = engine
        """Its solvers are asked when a clash's rules are first needed (the engine may have
        new ones by then: `Engine.drop_analysis`)."""
        self.size = 0
        self.solves = 0
        self._deadline = time.process_time() + PAIR_SECONDS
        self._build(engine)
        self.complete = not self._spent()
        """Every pair was decided (else the table lists only the clashes found in budget:
        still exact for those, and the per-click path finds the rest)."""

    def _build(self, engine: Engine) -> None:
        sat = engine.sat
        lits = [lit for lit in engine.domain_all if engine._alive(lit)]
        same = _same_value_sets(engine, lits)
        seen = dict.fromkeys(lits, 0)

        def absorb(witness: int) -> None:
            for lit in lits:
                if witness & bit(lit):
                    seen[lit] |= witness

        for witness in sat.witnesses:
            absorb(witness)
        for index, lit in enumerate(lits):
            skip = same[lit]
            open_ = [
                other
                for other in lits[index + 1 :]
                if not skip & bit(other) and not seen[lit] & bit(other)
            ]
            while len(open_) > 1:
                # One model that prefers every open partner covers several at once.
                if self._spent():
                    return
                self.solves += 1
                sat.prefer(open_)
                found = sat.solve([lit])
                assert found is not None, "alive values have models"
                absorb(found)
                covered = [other for other in open_ if found & bit(other)]
                if not covered:
                    break
                open_ = [other for other in open_ if not found & bit(other)]
            for other in open_:
                if seen[lit] & bit(other):
                    continue
                if self._spent():
                    return
                self.solves += 1
                found = sat.solve([lit, other])
                if found is not None:
                    absorb(found)
                    continue
                self.clash[lit] = self.clash.get(lit, 0) | bit(other)
                self.clash[other] = self.clash.get(other, 0) | bit(lit)
                self._rules[lit, other] = self._rules[other, lit] = None
                if self.size < EAGER_RULES and not self._spent():
                    self._minimise(lit, other)
                self.size += 1

    def _spent(self) -> bool:
        return self.solves >= PAIR_BUDGET or time.process_time() > self._deadline

    def _minimise(self, lit: int, partner: int) -> tuple[tuple[str, str], ...]:
        picks, keys = self._engine.sat.minimal_conflict([lit], [partner])
        assert picks == [partner], "a pair of alive values conflicts as a pair"
        self._rules[lit, partner] = self._rules[partner, lit] = tuple(keys)
        return tuple(keys)

    def raw(self, lit: int, partner: int) -> Raw | None:
        """The explanation of `lit` excluded by the pick `partner`, if that pair clashes."""
        if (lit, partner) not in self._rules:
            return None
        keys = self._rules[lit, partner]
        if keys is None:  # a catalog with very many clashes: its rules found on first use
            keys = self._minimise(lit, partner)
        return ((partner,), keys)


def _same_value_sets(engine: Engine, lits: list[int]) -> dict[int, int]:
    """Per literal, the mask of literals it is never paired with: its own one-group's values
    (exactly one is taken) and its own option's other quantities (a chain)."""
    out: dict[int, int] = {}
    for lit in lits:
        if lit in engine.y_info:
            group_id, option_id, _ = engine.y_info[lit]
            chain = engine.compiled.y[group_id, option_id]
            out[lit] = sum(bit(other) for other in chain)
        else:
            out[lit] = engine.masks[engine.group_of[lit]]
    return out
