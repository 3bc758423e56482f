"""find_dateline on the dateline shapes of wires, agencies and European press releases."""

from __future__ import annotations

import json
from datetime import date

import pytest

from pipeline.parse import Dateline, find_dateline
from tests.shared_data import dev_file


@pytest.mark.parametrize(
    ("text", "city", "region", "when", "wire", "body"),
    [
        ("GHENT, Belgium, May 3, 2021 (GLOBE NEWSWIRE) -- Northvale today opened",
         "GHENT", "Belgium", date(2021, 5, 3), "GLOBE NEWSWIRE", "Northvale today"),
        ("SOMERSET, N.J.--(BUSINESS WIRE)--April 15, 2019-- Coralis Bio has agreed",
         "SOMERSET", "N.J.", date(2019, 4, 15), "BUSINESS WIRE", "Coralis Bio"),
        ("NEW YORK, June 17, 2021 /PRNewswire/ -- Acme said", "NEW YORK", None, date(2021, 6, 17), "PR NEWSWIRE", "Acme"),
        ("HAMBURG, 30. Mai 2022 – Die Gesellschaft hat", "HAMBURG", None, date(2022, 5, 30), None, "Die Gesellschaft"),
        ("LYON, 17 juin 2021 – La société a", "LYON", None, date(2021, 6, 17), None, "La société"),
        ("UTRECHT, 17 juni 2021 - Het bedrijf", "UTRECHT", None, date(2021, 6, 17), None, "Het bedrijf"),
        ("MILANO, 17 giugno 2021 – L'azienda", "MILANO", None, date(2021, 6, 17), None, "L'azienda"),
        ("MADRID, 10 de febrero de 2021 – La empresa", "MADRID", None, date(2021, 2, 10), None, "La empresa"),
        ("GÖTEBORG, 17 juni 2021 – Bolaget", "GÖTEBORG", None, date(2021, 6, 17), None, "Bolaget"),
        ("Leiden, the Netherlands, 17 June 2021. NecstGen today", "Leiden", "the Netherlands", date(2021, 6, 17), None, "NecstGen"),
        ("Ghent, Belgium – 17 June 2021 – The company", "Ghent", "Belgium", date(2021, 6, 17), None, "The company"),
        ("Basel, 17.06.2021 - Die Firma", "Basel", None, date(2021, 6, 17), None, "Die Firma"),
        ("Lund, 2021-06-17 – Bolaget", "Lund", None, date(2021, 6, 17), None, "Bolaget"),
        ("PARIS and AMSTERDAM – November 2, 2020 – Two firms", "PARIS", None, date(2020, 11, 2), None, "Two firms"),
        ("LONDON, June 17 (Reuters) - Shares rose", "LONDON", None, None, "REUTERS", "Shares rose"),
        ("AMSTERDAM – Het Franse concern", "AMSTERDAM", None, None, None, "Het Franse"),
        ("10 May 2022 – The life sciences group", None, None, date(2022, 5, 10), None, "The life"),
        ("Monday, March 25, 2019 – The buyer said", None, None, date(2019, 3, 25), None, "The buyer"),
        ("MÜNCHEN (dpa) - Ein Unternehmen", "MÜNCHEN", None, None, "DPA", "Ein Unternehmen"),
    ],
)
def test_dateline_shapes(text, city, region, when, wire, body):
    found = find_dateline(text)
    assert isinstance(found, Dateline)
    assert (found.city, found.region, found.date, found.wire) == (city, region, when, wire)
    assert text[found.end:].startswith(body)
    assert text[found.start:].startswith(found.raw)


def test_multi_place_dateline_keeps_every_place_and_shares_the_country():
    found = find_dateline("GOSSELIES and MONT-SAINT-GUIBERT, Belgium, Sept. 20, 2022 (GLOBE NEWSWIRE) -- Two firms")
    assert found.places == [("GOSSELIES", "Belgium"), ("MONT-SAINT-GUIBERT", "Belgium")]
    assert found.label == "GOSSELIES and MONT-SAINT-GUIBERT, Belgium, Sept. 20, 2022"


def test_parenthesised_region_and_slash_joined_places():
    found = find_dateline("MIAMI / GERENZANO (VA), 5 febbraio 2019 – Dal palco")
    assert found.places == [("MIAMI", None), ("GERENZANO", "VA")]
    assert found.date == date(2019, 2, 5)


def test_month_and_year_only_gives_no_date_but_keeps_the_text():
    found = find_dateline("KING OF PRUSSIA, Pa. and MARBURG, Germany, February 2023 – The group")
    assert found.city == "KING OF PRUSSIA" and found.date is None and found.date_text == "February 2023"


def test_dateline_after_headline_and_bullets_is_found_with_offsets_in_the_whole_text():
    text = "Big news for Ghent\n\n- Point one\n- Point two\n\nGHENT, Belgium, May 3, 2021 (GLOBE NEWSWIRE) -- Body."
    found = find_dateline(text)
    assert found.city == "GHENT"
    assert text[found.start:found.end].startswith("GHENT, Belgium")
    assert text[found.end:] == "Body."


@pytest.mark.parametrize(
    "text",
    [
        "Novartis – the Swiss group – said on Monday that it would build a plant.",
        "In 2021 – a year of growth – the company doubled its staff.",
        "UCB – which makes epilepsy drugs – plans a gene therapy site.",
        "23 February 2021 | Manufacturing | 3 min read",
        "The plant opened on 3 May 2021 and employs 80 people.",
        "Shares rose 4% - the biggest gain this year.",
        "",
        "June 17 – nothing else",
    ],
)
def test_ordinary_sentences_are_not_datelines(text):
    assert find_dateline(text) is None


def test_impossible_dates_are_not_read():
    found = find_dateline("BERLIN, 31. Februar 2021 – Ein Text")
    assert found is None or found.date is None


@pytest.mark.needs_shared
def test_datelines_of_the_dev_announcements_agree_with_their_dates():
    """Every dated dateline found in the team's dev texts gives the known publication date."""
    rows = [json.loads(line) for line in dev_file("announcements.jsonl").read_text(encoding="utf-8").splitlines()]
    dated = 0
    for row in rows:
        found = find_dateline(row["text"])
        if found is not None and found.date is not None:
            dated += 1
            assert found.date.isoformat() == row["published"], (row["id"], found.raw)
    # most dev texts open with a full dated dateline in one of seven languages
    assert dated >= 0.75 * len(rows)


# --- agency datelines without a year -------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "city", "date_text", "wire", "body"),
    [
        ("MADRID, 5 Ene. (EUROPA PRESS) - La farmacéutica japonesa", "MADRID", "5 Ene.", "EUROPA PRESS", "La farmacéutica"),
        ("SAN SEBASTIÁN, 30 Jun. (EUROPA PRESS) - La compañía", "SAN SEBASTIÁN", "30 Jun.", "EUROPA PRESS", "La compañía"),
        ("ROMA, 12 mar (ANSA) - Il governo ha", "ROMA", "12 mar", "ANSA", "Il governo"),
        ("(ANSA) - MILANO, 5 GEN - L'azienda ha", "MILANO", "5 GEN", "ANSA", "L'azienda"),
        ("Frankfurt (dpa-AFX) - Die Aktie des", "Frankfurt", None, "DPA-AFX", "Die Aktie"),
        ("Berlin, 3. Mai (dpa) - Das Unternehmen", "Berlin", "3. Mai", "DPA", "Das Unternehmen"),
        ("BRUSSEL (BELGA) - De Vlaamse regering", "BRUSSEL", None, "BELGA", "De Vlaamse"),
        ("DEN HAAG (ANP) - Het kabinet wil", "DEN HAAG", None, "ANP", "Het kabinet"),
        ("STOCKHOLM (TT) Regeringen vill", "STOCKHOLM", None, "TT", "Regeringen vill"),
        ("PARIS, 5 mars (AFP) - Le groupe pharmaceutique", "PARIS", "5 mars", "AFP", "Le groupe"),
        ("Paris (Agence France-Presse) - Le groupe", "Paris", None, "AFP", "Le groupe"),
    ],
)
def test_agency_datelines_without_a_year(text, city, date_text, wire, body):
    found = find_dateline(text)
    assert (found.city, found.date, found.date_text, found.wire) == (city, None, date_text, wire)
    assert found.year_inferred is False
    assert text[found.end:].startswith(body) and text[found.start:].startswith(found.raw)
    assert wire not in found.label.upper() and found.label.startswith(city)


@pytest.mark.parametrize(
    ("text", "near", "expected"),
    [
        ("MADRID, 5 Ene. (EUROPA PRESS) - La", date(2018, 1, 5), date(2018, 1, 5)),
        ("MADRID, 5 Ene. (EUROPA PRESS) - La", date(2018, 1, 7), date(2018, 1, 5)),
        ("ROMA, 31 dic (ANSA) - Il", date(2021, 1, 2), date(2020, 12, 31)),  # across the new year
        ("ROMA, 2 gen (ANSA) - Il", date(2020, 12, 30), date(2021, 1, 2)),
        ("LONDON, June 17 (Reuters) - Shares", date(2021, 6, 18), date(2021, 6, 17)),
        ("ROMA, 12 mar (ANSA) - Il", date(2021, 9, 1), None),  # too far from the other date to trust
        ("ROMA, 12 mar (ANSA) - Il", None, None),  # no other date: never invented
        ("BERLIN, 29. Februar (dpa) - Die", date(2021, 3, 1), None),  # no 29 February near 2021
        ("BERLIN, 29. Februar (dpa) - Die", date(2024, 3, 1), date(2024, 2, 29)),
    ],
)
def test_year_of_an_agency_dateline_comes_only_from_a_near_date_of_the_page(text, near, expected):
    found = find_dateline(text, near=near)
    assert found.date == expected
    assert found.year_inferred is (expected is not None)


def test_a_dateline_with_its_own_year_ignores_the_page_date():
    found = find_dateline("HAMBURG, 30. Mai 2022 – Die Gesellschaft", near=date(2022, 6, 20))
    assert found.date == date(2022, 5, 30) and found.year_inferred is False


@pytest.mark.parametrize(
    "text",
    [
        "Il 12 marzo – una data storica – il governo ha firmato il decreto.",
        "Am 3. Mai – einem Montag – eröffnete die Firma ihr Werk.",
        "Am 3. Mai 2021 – einem Montag – eröffnete die Firma ihr Werk.",
        "On 5 March – a Monday – the company opened the plant.",
        "BERLIN, 12 Mitarbeiter – so viele hat die Firma.",
        "12 mar – testo senza luogo",
        "Shares fell 5 points (Reuters calculations) - the lowest this year.",
    ],
)
def test_sentences_with_a_day_and_month_are_not_datelines(text):
    assert find_dateline(text) is None


# --- regulated-information headers -------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "city", "region", "when", "label", "body"),
    [
        ("Mechelen, Belgium; 21 June 2022, 22.01 CET; regulated information – Galapagos NV today",
         "Mechelen", "Belgium", date(2022, 6, 21), "Mechelen, Belgium, 21 June 2022", "Galapagos NV"),
        ("Mechelen, België; 21 juni 2022, 22.01 CET; gereglementeerde informatie – Galapagos NV",
         "Mechelen", "België", date(2022, 6, 21), "Mechelen, België, 21 juni 2022", "Galapagos NV"),
        ("Ghent, BELGIUM – 29 April 2021, 07:00 CET – Regulated information – The company",
         "Ghent", "BELGIUM", date(2021, 4, 29), "Ghent, BELGIUM, 29 April 2021", "The company"),
        ("Leuven, Belgium; 5 March 2021, 7:00 a.m. CET; inside information – The board",
         "Leuven", "Belgium", date(2021, 3, 5), "Leuven, Belgium, 5 March 2021", "The board"),
        ("Press release – GHENT, Belgium, 5 May 2021 – The company", "GHENT", "Belgium", date(2021, 5, 5),
         "GHENT, Belgium, 5 May 2021", "The company"),
        ("LONDON, 21 June 2022, 07:00 BST – The firm", "LONDON", None, date(2022, 6, 21), "LONDON, 21 June 2022",
         "The firm"),
    ],
)
def test_regulated_information_headers(text, city, region, when, label, body):
    found = find_dateline(text)
    assert (found.city, found.region, found.date, found.label) == (city, region, when, label)
    assert text[found.end:].startswith(body) and text[found.start:].startswith(found.raw)


def test_header_with_several_countries_keeps_each_place():
    text = ("Mechelen, Belgium, Leiden, the Netherlands, Pittsburgh, Pennsylvania, United States; "
            "21 June 2022, 22.01 CET; regulated information – Galapagos NV, CellPoint and AboundBio")
    found = find_dateline(text)
    assert (found.city, found.region, found.date) == ("Mechelen", "Belgium", date(2022, 6, 21))
    assert found.places == [("Mechelen", "Belgium"), ("Leiden", "the Netherlands"),
                            ("Pittsburgh", "Pennsylvania, United States")]
    assert text[found.end:].startswith("Galapagos NV")


@pytest.mark.parametrize(
    "text",
    [
        "Mechelen, Belgium; 21 June 2022; the company said it would grow.",  # no closing dash
        "Regulated information – the board met on 21 June 2022 – and decided.",
        "Mechelen, Belgium; the group – founded in 1999 – said",
    ],
)
def test_header_fields_need_a_place_a_date_and_a_closing_dash(text):
    found = find_dateline(text)
    assert found is None or found.date is None
