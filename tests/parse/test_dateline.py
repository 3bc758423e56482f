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
