"""A hand-written lexer and precedence-climbing parser for catalog expressions.

Nothing is ever passed to Python's `eval`: the grammar is tiny and fixed, so a product manager's
file cannot run code, and every syntax error names the column it happened in.

Precedence, loosest first: `or`, `and`, `not`, comparisons (`== != < <= > >= in not in`, not
chained), `+ -`, `* /`, unary `-`, then `.attr` / `.has('attr')` / calls / parentheses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from configurator.errors import UserError
from configurator.rules.ast import (
    AttrRef,
    Binary,
    BoolOp,
    Call,
    Compare,
    Expr,
    GroupRef,
    HasAttr,
    ListExpr,
    Literal,
    Unary,
)


class ExpressionError(UserError):
    """An expression does not parse (or cannot be compiled); `column` is 1-based."""

    def __init__(self, reason: str, *, source: str, column: int, hint: str | None = None) -> None:
        self.reason = reason
        self.source = source
        self.column = column
        pointer = " " * (column - 1) + "^"
        text = f"{reason} (column {column})\n  {source}\n  {pointer}" if source else reason
        super().__init__(text, hint=hint)


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # "num", "str", "name", "op", "end"
    text: str
    start: int  # 1-based column
    end: int  # exclusive
    value: Decimal | str | None = None


_KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false", "none"})
_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<num>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>==|!=|<=|>=|<|>|\+|-|\*|/|\(|\)|\[|\]|,|\.)
    """,
    re.VERBOSE,
)


def tokenize(source: str) -> list[Token]:
    """Split `source` into tokens; unknown characters and open strings are errors."""
    tokens: list[Token] = []
    pos = 0
    while pos < len(source):
        char = source[pos]
        if char in "'\"":
            tokens.append(_string(source, pos))
            pos = tokens[-1].end - 1
            continue
        match = _TOKEN_RE.match(source, pos)
        if match is None:
            hint = None
            if char == "=":
                hint = "Compare with '==' (a single '=' is not an operator here)."
            elif char in "&|!":
                hint = "Use the words 'and', 'or' and 'not'."
            raise ExpressionError(
                f"unexpected character {char!r}", source=source, column=pos + 1, hint=hint
            )
        kind = match.lastgroup or ""
        text = match.group()
        if kind == "num":
            tokens.append(Token("num", text, pos + 1, match.end() + 1, Decimal(text)))
        elif kind != "ws":
            tokens.append(Token(kind, text, pos + 1, match.end() + 1))
        pos = match.end()
    tokens.append(Token("end", "", len(source) + 1, len(source) + 1))
    return tokens


def _string(source: str, pos: int) -> Token:
    quote = source[pos]
    out: list[str] = []
    i = pos + 1
    while i < len(source):
        char = source[i]
        if char == "\\" and i + 1 < len(source):
            out.append(source[i + 1])
            i += 2
            continue
        if char == quote:
            return Token("str", source[pos : i + 1], pos + 1, i + 2, "".join(out))
        out.append(char)
        i += 1
    raise ExpressionError(
        "string is not closed",
        source=source,
        column=pos + 1,
        hint=f"Add the closing {quote} .",
    )


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = tokenize(source)
        self.pos = 0

    # -- token helpers -------------------------------------------------------------------
    @property
    def tok(self) -> Token:
        return self.tokens[self.pos]

    def at(self, text: str) -> bool:
        tok = self.tok
        return tok.kind in ("op", "name") and tok.text == text

    def at_keyword(self, word: str) -> bool:
        return self.tok.kind == "name" and self.tok.text == word

    def advance(self) -> Token:
        tok = self.tok
        self.pos += 1
        return tok

    def expect(self, text: str, what: str) -> Token:
        if not self.at(text):
            self.fail(f"expected {what}", self.tok)
        return self.advance()

    def fail(self, reason: str, tok: Token, hint: str | None = None) -> None:
        found = "the end of the expression" if tok.kind == "end" else repr(tok.text)
        raise ExpressionError(
            f"{reason}, found {found}", source=self.source, column=tok.start, hint=hint
        )

    # -- grammar -------------------------------------------------------------------------
    def parse(self) -> Expr:
        if self.tok.kind == "end":
            raise ExpressionError("the expression is empty", source=self.source, column=1)
        expr = self.or_expr()
        if self.tok.kind != "end":
            hint = None
            if self.tok.kind in ("name", "num", "str"):
                hint = "Join conditions with 'and' / 'or'."
            self.fail("expected an operator or the end", self.tok, hint)
        return expr

    def bool_chain(self, op: str, sub: str) -> Expr:
        parse_sub = getattr(self, sub)
        first: Expr = parse_sub()
        operands = [first]
        while self.at_keyword(op):
            self.advance()
            operands.append(parse_sub())
        if len(operands) == 1:
            return first
        flat: list[Expr] = []
        for operand in operands:
            if isinstance(operand, BoolOp) and operand.op == op:  # associative: flatten
                flat.extend(operand.operands)
            else:
                flat.append(operand)
        return BoolOp(op, tuple(flat), first.start, operands[-1].end)

    def or_expr(self) -> Expr:
        return self.bool_chain("or", "and_expr")

    def and_expr(self) -> Expr:
        return self.bool_chain("and", "not_expr")

    def not_expr(self) -> Expr:
        if self.at_keyword("not"):
            tok = self.advance()
            operand = self.not_expr()
            return Unary("not", operand, tok.start, operand.end)
        return self.comparison()

    def comparison(self) -> Expr:
        left = self.additive()
        op = self.compare_op()
        if op is None:
            return left
        right = self.additive()
        node = Compare(op, left, right, left.start, right.end)
        if self.compare_op(peek=True) is not None:
            self.fail(
                "comparisons cannot be chained",
                self.tok,
                hint="Write 'a < b and b < c' instead of 'a < b < c'.",
            )
        return node

    def compare_op(self, *, peek: bool = False) -> str | None:
        tok = self.tok
        if tok.kind == "op" and tok.text in ("==", "!=", "<", "<=", ">", ">="):
            if not peek:
                self.advance()
            return tok.text
        if self.at_keyword("in"):
            if not peek:
                self.advance()
            return "in"
        if self.at_keyword("not") and self.tokens[self.pos + 1].text == "in":
            if not peek:
                self.pos += 2
            return "not in"
        return None

    def additive(self) -> Expr:
        left = self.term()
        while self.tok.kind == "op" and self.tok.text in ("+", "-"):
            op = self.advance().text
            right = self.term()
            left = Binary(op, left, right, left.start, right.end)
        return left

    def term(self) -> Expr:
        left = self.unary()
        while self.tok.kind == "op" and self.tok.text in ("*", "/"):
            op = self.advance().text
            right = self.unary()
            left = Binary(op, left, right, left.start, right.end)
        return left

    def unary(self) -> Expr:
        if self.tok.kind == "op" and self.tok.text == "-":
            tok = self.advance()
            operand = self.unary()
            if isinstance(operand, Literal) and isinstance(operand.value, Decimal):
                return Literal(-operand.value, tok.start, operand.end)
            return Unary("-", operand, tok.start, operand.end)
        return self.primary()

    def primary(self) -> Expr:
        tok = self.tok
        if tok.kind == "num":
            self.advance()
            assert isinstance(tok.value, Decimal)
            return Literal(tok.value, tok.start, tok.end)
        if tok.kind == "str":
            self.advance()
            return Literal(tok.value, tok.start, tok.end)
        if tok.kind == "op" and tok.text == "(":
            self.advance()
            inner = self.or_expr()
            close = self.expect(")", "')' to close the '(' at column " + str(tok.start))
            return _respan(inner, tok.start, close.end)
        if tok.kind == "op" and tok.text == "[":
            return self.list_literal()
        if tok.kind == "name":
            return self.name()
        self.fail("expected a value (a group, number, 'string', true, false, none or list)", tok)
        raise AssertionError  # unreachable: fail raises

    def list_literal(self) -> Expr:
        open_tok = self.advance()
        items: list[Expr] = []
        while not self.at("]"):
            items.append(self.or_expr())
            if not self.at(","):
                break
            self.advance()
        close = self.expect("]", "',' or ']' in the list")
        return ListExpr(tuple(items), open_tok.start, close.end)

    def name(self) -> Expr:
        tok = self.advance()
        word = tok.text
        if word == "true":
            return Literal(True, tok.start, tok.end)
        if word == "false":
            return Literal(False, tok.start, tok.end)
        if word == "none":
            return Literal(None, tok.start, tok.end)
        if word in ("and", "or", "not", "in"):
            self.pos -= 1
            self.fail(f"'{word}' needs a value before it", tok)
        if self.at("("):
            return self.call(tok)
        if self.at("."):
            self.advance()
            attr = self.tok
            if attr.kind != "name" or attr.text in ("and", "or", "not", "in"):
                self.fail("expected an attribute name after '.'", attr)
            self.advance()
            if attr.text == "has" and self.at("("):
                self.advance()
                arg = self.tok
                if arg.kind != "str":
                    self.fail(
                        "has() takes the attribute name as a 'string'",
                        arg,
                        hint=f"Write {word}.has('attr').",
                    )
                self.advance()
                close = self.expect(")", "')' after the attribute name")
                assert isinstance(arg.value, str)
                return HasAttr(word, arg.value, tok.start, close.end)
            if self.at("("):
                self.fail(f"'{attr.text}' is not a method", self.tok, hint="Only .has('attr') is.")
            return AttrRef(word, attr.text, tok.start, attr.end, attr.start)
        return GroupRef(word, tok.start, tok.end)

    def call(self, name_tok: Token) -> Expr:
        self.advance()  # "("
        args: list[Expr] = []
        while not self.at(")"):
            args.append(self.or_expr())
            if not self.at(","):
                break
            self.advance()
        close = self.expect(")", "',' or ')' in the call")
        return Call(name_tok.text, tuple(args), name_tok.start, close.end)


def _respan(node: Expr, start: int, end: int) -> Expr:
    """Widen a parenthesised node to cover its parentheses (errors then point at '(')."""
    return replace(node, start=start, end=end)


def parse(source: str) -> Expr:
    """Parse one expression; raises `ExpressionError` pointing at the offending column."""
    return _Parser(source).parse()
