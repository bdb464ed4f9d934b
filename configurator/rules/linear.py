"""CNF for `guard -> sum(coef * literal) + const OP 0`, as a decision diagram over the sum.

Used for "many" groups (count, qty, sum of an attribute times the quantity, min/max) and for
numeric rules too large to enumerate. Nodes are (position, partial sum) pairs, shared when the
same partial sum is reached twice (a BDD of the bounded sum); a node is cut off as soon as the
rest of the sum can no longer change the outcome, so unit weights cost O(n * bound) nodes.
Only the implication `node -> the rest holds` is encoded, which is all a constraint needs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

Clause = list[int]

_OPS: dict[str, Callable[[Decimal], bool]] = {
    "<=": lambda total: total <= 0,
    "<": lambda total: total < 0,
    ">=": lambda total: total >= 0,
    ">": lambda total: total > 0,
}


class VarPool:
    """Hands out fresh SAT variables."""

    def __init__(self, top: int = 0) -> None:
        self.top = top

    def new(self) -> int:
        self.top += 1
        return self.top


def negate_guard(guard: Sequence[int]) -> Clause:
    return [-lit for lit in guard]


def encode_linear(
    terms: Sequence[tuple[int, Decimal]],
    const: Decimal,
    op: str,
    guard: Sequence[int],
    *,
    pool: VarPool,
    out: list[Clause],
) -> None:
    """Append clauses meaning: all `guard` literals true -> sum + const `op` 0 (op: < <= > >=)."""
    holds = _OPS[op]
    lits = [lit for lit, coef in terms if coef != 0]
    coefs = [coef for _, coef in terms if coef != 0]
    n = len(lits)
    min_rest = [Decimal(0)] * (n + 1)
    max_rest = [Decimal(0)] * (n + 1)
    for i in range(n - 1, -1, -1):
        min_rest[i] = min_rest[i + 1] + min(coefs[i], Decimal(0))
        max_rest[i] = max_rest[i + 1] + max(coefs[i], Decimal(0))
    upper = op in ("<", "<=")
    memo: dict[tuple[int, Decimal], int | bool] = {}

    def node(i: int, partial: Decimal) -> int | bool:
        low, high = partial + min_rest[i], partial + max_rest[i]
        # The outcome is settled once the extreme totals of the rest agree.
        if upper:
            if holds(high):
                return True
            if not holds(low):
                return False
        else:
            if holds(low):
                return True
            if not holds(high):
                return False
        key = (i, partial)
        found = memo.get(key)
        if found is not None:
            return found
        var = pool.new()
        memo[key] = var
        taken = node(i + 1, partial + coefs[i])
        skipped = node(i + 1, partial)
        for cond, child in ((lits[i], taken), (-lits[i], skipped)):
            if child is True:
                continue
            clause = [-var, -cond]
            if child is not False:
                clause.append(child)
            out.append(clause)
        return var

    root = node(0, const)
    if root is True:
        return
    clause = negate_guard(guard)
    if root is not False:
        clause.append(root)
    out.append(clause)
