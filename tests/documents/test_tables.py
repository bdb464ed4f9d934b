"""TextRows splits like a table must: every row once, in order, heading on every part."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.units import mm

from configurator.documents.styles import styles
from configurator.documents.tables import COMPACT, Column, TextRows, text_table, wrap

WORDS = st.lists(
    st.sampled_from(["Schraube", "M2", "x", "3", "anziehen,", "prüfen.", "ä"]),
    min_size=1,
    max_size=60,
).map(" ".join)


def _paginate(table: TextRows, page_height: float) -> list[TextRows]:
    """What a frame does: place what fits, split the rest onto the next page."""
    pages: list[TextRows] = []
    rest: TextRows | None = table
    for _ in range(500):
        assert rest is not None
        _, height = rest.wrap(100 * mm, page_height)
        if height <= page_height:
            pages.append(rest)
            return pages
        parts = rest.split(100 * mm, page_height)
        assert parts, "a table on an empty page must always make progress"
        first, rest = parts
        pages.append(first)
    raise AssertionError("did not finish")


@settings(max_examples=60, deadline=None)
@given(
    cells=st.lists(st.tuples(WORDS, WORDS), min_size=1, max_size=25),
    page_height=st.floats(min_value=150, max_value=700),
)
def test_split_keeps_every_line_once_in_order(
    cells: list[tuple[str, str]], page_height: float
) -> None:
    sty = styles()
    columns = [Column(20 * mm, sty.cell), Column(60 * mm, sty.step)]
    table = text_table([list(c) for c in cells], columns, head=["No.", "Step"], look=COMPACT)
    pages = _paginate(table, page_height)
    for page in pages:
        assert page.head is not None  # the heading repeats
        assert page.wrap(100 * mm, page_height)[1] <= page_height + 1e-6
    # Per column, the lines of all pages in order are exactly the wrapped cells in order
    # (a row cut between lines continues at the top of the next page).
    for index, column in enumerate(columns):
        printed = [line for page in pages for row in page.rows for line, _ in row[index]]
        expected = [
            line
            for pair in cells
            for line, _ in wrap(
                pair[index], column.style.fontName, column.style.fontSize, column.width - 8
            )
        ]
        assert printed == expected
