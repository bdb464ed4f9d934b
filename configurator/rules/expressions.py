"""The expression language of catalog files: the one import the loader and the engine need.

    expr = parse("chassis.max_tdp_w >= processor.tdp_w")   # ExpressionError on bad syntax
    problems = check(expr, catalog)                        # unknown names, guards, types
    evaluate(expr, catalog, {"chassis": "c14", "processor": "r7"})  # -> True / False / ...
    referenced_groups(expr)                                # frozenset({"chassis", "processor"})

The pieces live in `ast` (nodes), `parser` (lexer + parser), `checker` and `evaluate`.
"""

from __future__ import annotations

from configurator.rules.ast import Expr, referenced_groups
from configurator.rules.checker import ExpressionProblem, check
from configurator.rules.evaluate import evaluate
from configurator.rules.parser import ExpressionError, parse

__all__ = [
    "Expr",
    "ExpressionError",
    "ExpressionProblem",
    "check",
    "evaluate",
    "parse",
    "referenced_groups",
]
