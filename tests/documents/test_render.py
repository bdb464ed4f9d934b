"""Every document read back with pypdf: numbers, totals, lines, pages, fonts, paper sizes."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from configurator.documents.model import Customer, Locale, Paper, PartState, PickLine
from configurator.documents.writer import render_pdf, render_sheets
from tests.documents import samples
from tests.documents.pdfread import read_pdf


def test_quote_shows_every_line_and_the_totals_that_add_up() -> None:
    pdf = render_pdf(samples.QUOTE)
    back = read_pdf(pdf.data)
    assert pdf.pages == 1
    assert pdf.warnings == ()
    text = back.text
    for expected in (
        "Quote Q-2026-0042",
        "Zoë Ångström-Müller",
        "Rue de l'Église 7",
        "Königstraße 12",
        "VAT ID DE 123 456 789",
        "Date 25.11.2026",
        "Valid until 09.12.2026",
        "Base price Aurora laptops 2026, assembled and tested 1 499,00 € 499,00 €",
        "Memory 32 GB DDR5-5600 (2 × 16 GB) 1 120,00 € 120,00 €",
        "Expansion cards USB-C card 2 9,00 € 18,00 €",
        "Options 636,00 €",
        "Discount 5 % (student; approved by M. Weber) -56,75 €",
        "Total 1.078,25 €",
        "Net amount 906,09 €",
        "VAT 19 % included 172,16 €",
        "Ready for handover: 03.12.2026",
        "Waiting for the 2.8K OLED panel",
        "Catalog aurora-2026, version 3f9a1c0b7d2e",
        "Please install the German language pack.",
        "The statutory warranty is not affected.",
        "Page 1 of 1",
    ):
        assert expected in text, expected
    # The configuration code may wrap in the facts box, never elsewhere.
    assert "Configuration code c14-r7.8840-m32-s1t-oled-de-2usbc.hdmi" in text


def test_line_amounts_sum_to_the_options_total() -> None:
    text = read_pdf(render_pdf(samples.QUOTE).data).text
    amounts = re.findall(r" (\d+) ([\d.]+,\d\d) € ([\d.]+,\d\d) €", text)
    assert len(amounts) == len(samples.LINES) + 1  # + base price
    total = sum(float(a[2].replace(".", "").replace(",", ".")) for a in amounts)
    assert total == pytest.approx(float(samples.TOTALS.base_price + samples.TOTALS.options))
    for qty, unit, amount in amounts:
        as_number = [float(x.replace(".", "").replace(",", ".")) for x in (unit, amount)]
        assert as_number[0] * int(qty) == pytest.approx(as_number[1])


def test_net_prices_put_the_vat_on_top() -> None:
    totals = replace(
        samples.TOTALS,
        discount=None,
        net=samples.TOTALS.subtotal,
        vat=samples.TOTALS.subtotal * 19 / 100,
        gross=samples.TOTALS.subtotal * 119 / 100,
        prices_include_vat=False,
    )
    quote = replace(samples.QUOTE, offer=replace(samples.OFFER, totals=totals))
    text = read_pdf(render_pdf(quote).data).text
    assert "Net total 1.135,00 € VAT 19 % 215,65 € Total 1.350,65 €" in text
    assert "Discount" not in text


def test_confirmation_shows_order_and_what_is_reserved() -> None:
    pdf = render_pdf(samples.CONFIRMATION)
    back = read_pdf(pdf.data)
    text = back.text
    for expected in (
        "Order confirmation 2026-00017",
        "Order number 2026-00017",
        "Order date 26.11.2026",
        "Your quote Q-2026-0042",
        "Handover 03.12.2026",
        "5 of 6 parts are reserved",
        "CHS-14-AL Chassis 14, aluminium, with hinges 1 Reserved",
        "RAM-16-5600 SO-DIMM 16 GB DDR5-5600 2 Reserved",
        "DSP-14-OLED Display assembly 14, 2.8K OLED 1 On order, due 01.12.2026",
        "Total 1.078,25 €",
    ):
        assert expected in text, expected
    assert all(f"Page {n} of {pdf.pages}" in page for n, page in enumerate(back.pages, 1))


def test_confirmation_with_everything_reserved_says_so() -> None:
    parts = tuple(
        replace(p, state=PartState.RESERVED, expected=None) for p in samples.CONFIRMATION.parts
    )
    text = read_pdf(render_pdf(replace(samples.CONFIRMATION, parts=parts)).data).text
    assert "All parts for your laptop are reserved" in text
    assert "On order" not in text


def test_assembly_sheet_pick_list_steps_checks_and_sign_off() -> None:
    pdf = render_pdf(samples.SHEET)
    assert pdf.pages == 1
    text = read_pdf(pdf.data).text
    for expected in (
        "Assembly sheet",
        "Order 2026-00017",
        "Customer Zoë Ångström-Müller",
        "Due 02.12.2026",
        "A-01-01 CHS-14-AL Chassis 14, aluminium, with hinges 1 ✓ yes",
        "B-02-04 DSP-14-OLED Display assembly 14, 2.8K OLED 1 ✗ no",
        "1. Lay chassis on the ESD mat",
        "5. Connect the display cable to J12",
        "BIOS shows 32 GB RAM.",
        "test Umlaut keys ä ö ü ß",
        "Serial number",
        "Assembled by",
        "QC passed by",
    ):
        assert expected in text, expected
    # Bins are printed once per group, in picking order.
    bins = re.findall(r"([A-D]-\d\d-\d\d) [A-Z]{3}-", text)
    assert bins == ["A-01-01", "A-02-03", "B-01-02", "B-02-04", "C-03-01"]
    assert "✓ yes RAM-SHIELD Memory shield foil" in text  # same bin as the RAM: no bin again


def test_long_sheet_flows_over_pages_with_headers_and_page_numbers() -> None:
    sheet = samples.long_sheet(120)
    pdf = render_pdf(sheet)
    back = read_pdf(pdf.data)
    assert pdf.pages >= 4
    assert len(back.pages) == pdf.pages
    for number, page in enumerate(back.pages, start=1):
        assert f"Page {number} of {pdf.pages}" in page
        if number > 1:  # running head: shop, document, order number, customer
            assert "Assembly sheet 2026-00017 · Zoë Ångström-Müller" in page
    # The pick list spans pages: its column headings repeat on the next page.
    pick_pages = [p for p in back.pages if "PART-" in p and "Reserved" in p]
    assert len(pick_pages) >= 2
    # Every part and every step made it, once, in order.
    text = back.text
    parts = re.findall(r"(?:[A-D]-\d\d-01 )?(PART-\d{3}) Part number", text)
    assert sorted(parts) == sorted(p.part for p in sheet.picks)
    steps = re.findall(r"(\d+)\. Step for part PART-(\d{3})", text)
    assert [int(n) for n, _ in steps] == list(range(1, 121))
    assert [int(p) for _, p in steps] == list(range(120))
    assert "Sign-off" in back.pages[-1]


@pytest.mark.parametrize(
    ("paper", "size"), [(Paper.A4, (210.0, 297.0)), (Paper.LETTER, (215.9, 279.4))]
)
@pytest.mark.parametrize("document", [samples.QUOTE, samples.CONFIRMATION, samples.SHEET])
def test_fits_a4_and_letter(paper: Paper, size: tuple[float, float], document: object) -> None:
    pdf = render_pdf(document, paper=paper)  # type: ignore[arg-type]
    back = read_pdf(pdf.data)
    for page in range(pdf.pages):
        assert back.page_size_mm(page) == pytest.approx(size, abs=0.2)
    assert "Total 1.078,25 €" in back.text or "Pick list" in back.text


@pytest.mark.parametrize("document", [samples.QUOTE, samples.CONFIRMATION, samples.SHEET])
def test_only_embedded_subset_fonts(document: object) -> None:
    fonts = read_pdf(render_pdf(document).data).fonts()  # type: ignore[arg-type]
    assert fonts
    for name, descriptor in fonts.items():
        assert "/FontFile2" in descriptor, f"{name} is not embedded"
        assert re.match(r"/[A-Z]{6}\+DejaVuSans", name), f"{name} is not a subset"


def test_metadata_names_the_document_and_the_shop() -> None:
    meta = read_pdf(render_pdf(samples.CONFIRMATION).data).reader.metadata
    assert meta is not None
    assert meta.title == "Order confirmation 2026-00017"
    assert meta.author == "Aurora Computerwerkstatt"


def test_other_locale_formats_money_and_dates_its_way() -> None:
    quote = replace(samples.QUOTE, locale=Locale("en_US", "USD"))
    text = read_pdf(render_pdf(quote).data).text
    assert "Total $1,078.25" in text
    assert "Valid until Dec 9, 2026" in text
    assert "Ready for handover: Dec 3, 2026" in text
    assert "Waiting for the 2.8K OLED panel, due Dec 1, 2026." in text


def test_unicode_and_markup_in_user_text_are_printed_literally() -> None:
    customer = Customer(
        name="Łukasz <b>Żółć</b> & Søn — Ελένη Παπαδοπούλου",
        address=("ул. Льва Толстого 16", "Straße & Co <KG>"),
    )
    quote = replace(samples.QUOTE, offer=replace(samples.OFFER, customer=customer))
    text = read_pdf(render_pdf(quote).data).text
    assert "Łukasz <b>Żółć</b> & Søn — Ελένη Παπαδοπούλου" in text
    assert "ул. Льва Толстого 16" in text
    assert "Straße & Co <KG>" in text


def test_glyphs_the_font_lacks_do_not_break_rendering() -> None:
    sheet = replace(samples.SHEET, customer_name="山田 太郎 🙂 محمد")
    pdf = render_pdf(sheet)
    assert pdf.pages == 1
    assert "Order 2026-00017" in read_pdf(pdf.data).text


def test_two_thousand_character_notes_flow_onto_the_next_page() -> None:
    words = ("Kundin wünscht Übergabe nach 17 Uhr; Akku bitte auf 80 % laden. " * 40)[:2000]
    one_word = "x" * 2000  # no break opportunity at all
    notes = f"{words}\n{one_word}"
    quote = replace(samples.QUOTE, offer=replace(samples.OFFER, notes=notes))
    pdf = render_pdf(quote)
    back = read_pdf(pdf.data)
    assert pdf.pages == 2
    flat = re.sub(r"\s+", "", back.text)
    assert flat.count("Kundin") == words.count("Kundin")  # a page break may fall mid-sentence
    assert sum(len(run) for run in re.findall("x{20,}", flat)) == 2000
    assert "Total 1.078,25 €" in back.pages[0]


def test_batch_of_sheets_numbers_pages_per_sheet() -> None:
    long = replace(samples.long_sheet(60), order_number="2026-00099", customer_name="Lång Kund")
    sheets = [
        replace(samples.SHEET, order_number="2026-00001"),
        long,
        replace(samples.SHEET, order_number="2026-00002"),
    ]
    pdf = render_sheets(sheets)
    back = read_pdf(pdf.data)
    long_pages = render_pdf(long).pages
    assert pdf.pages == 2 + long_pages
    assert "Page 1 of 1" in back.pages[0]
    assert "Order 2026-00001" in back.pages[0]
    for number in range(1, long_pages + 1):
        page = back.pages[number]
        assert f"Page {number} of {long_pages}" in page
        assert "Assembly sheet 2026-00099 · Lång Kund" in page  # footer (and running head)
    assert "Order 2026-00002" in back.pages[-1]
    assert "Page 1 of 1" in back.pages[-1]
    assert "2026-00099" not in back.pages[-1]


def test_empty_batch_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one"):
        render_sheets([])


def test_a_step_longer_than_a_page_is_split_between_its_lines() -> None:
    giant = " ".join(f"Schritt{i}: Schraube anziehen, prüfen, dokumentieren." for i in range(220))
    sheet = replace(samples.SHEET, steps=(samples.SHEET.steps[0], giant, "Last step."))
    pdf = render_pdf(sheet)
    back = read_pdf(pdf.data)
    assert pdf.pages >= 3
    flat = re.sub(r"\s+", "", back.text)
    assert all(f"Schritt{i}:" in flat for i in range(220))
    assert "3.Laststep." in flat
    assert all(f"Page {n} of {pdf.pages}" in page for n, page in enumerate(back.pages, 1))


def test_long_part_numbers_and_bins_stay_on_one_line_in_the_pick_list() -> None:
    picks = (
        *samples.SHEET.picks,
        PickLine("STORE-ROOM-B-12", "M2-SHIELD-2280-XL", "Thermal shield", 1, True),
    )
    back = read_pdf(render_pdf(replace(samples.SHEET, picks=picks)).data)
    assert "STORE-ROOM-B-12 M2-SHIELD-2280-XL Thermal shield" in back.pages[0]
