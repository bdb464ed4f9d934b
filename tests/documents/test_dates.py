"""One date style per document: the shop locale's medium date, also inside promise texts."""

from __future__ import annotations

from datetime import date

from configurator.documents.format import Formatter
from configurator.documents.model import Locale
from configurator.documents.writer import render_pdf
from tests.documents import samples
from tests.documents.pdfread import read_pdf

DE = Formatter(Locale("de_DE", "EUR"))


def test_short_english_dates_in_explanations_follow_the_locale() -> None:
    text = "ready 26 Nov: assembly Thu 26 Nov, handover Fri 27 Nov."
    assert DE.dates_in(text, date(2026, 11, 27)) == (
        "ready 26.11.2026: assembly 26.11.2026, handover 27.11.2026."
    )


def test_year_is_the_one_nearest_the_reference_or_the_given_one() -> None:
    assert DE.dates_in("due Mon 4 Jan", date(2026, 12, 30)) == "due 04.01.2027"
    assert DE.dates_in("due 3 Dec 2027", date(2026, 12, 1)) == "due 03.12.2027"
    assert DE.dates_in("31 Feb and 12 Novembers", date(2026, 1, 1)) == ("31 Feb and 12 Novembers")


def test_confirmation_uses_one_date_style() -> None:
    text = read_pdf(render_pdf(samples.CONFIRMATION).data).text
    assert "Handover: 03.12.2026" in text
    assert "due 01.12.2026" in text
    for mixed in ("Dezember", "Donnerstag", "1 Dec"):
        assert mixed not in text
