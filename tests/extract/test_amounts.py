"""Money in seven languages, and the choice of the amount tied to the event."""

from __future__ import annotations

import pytest

from pipeline.extract.amounts import find_amounts, parse_number


@pytest.mark.parametrize(
    ("text", "lang", "value", "currency"),
    [
        ("2,3 Milliarden Euro", "de", 2.3e9, "EUR"),
        ("150 Mio. €", "de", 150e6, "EUR"),
        ("2,4 milliards d'euros", "fr", 2.4e9, "EUR"),
        ("455 miljoner kronor", "sv", 455e6, "SEK"),
        ("a further £10m", "en", 10e6, "GBP"),
        ("$1.2 billion", "en", 1.2e9, "USD"),
        ("CHF 500 Mio.", "de", 500e6, "CHF"),
        ("1,5 miljard euro", "nl", 1.5e9, "EUR"),
        ("30 millones de euros", "es", 30e6, "EUR"),
        ("50 milioni di euro", "it", 50e6, "EUR"),
        ("USD 1,200,000", "en", 1.2e6, "USD"),
        ("€ 1.500.000", "de", 1.5e6, "EUR"),
        ("300 mkr", "sv", 300e6, "SEK"),
        ("$1.7bn", "en", 1.7e9, "USD"),
    ],
)
def test_formats(text: str, lang: str, value: float, currency: str) -> None:
    found = find_amounts(text, lang)
    assert len(found) == 1
    assert found[0].value == pytest.approx(value)
    assert found[0].currency == currency


def test_number_reading_depends_on_language() -> None:
    assert parse_number("1.200", "de") == 1200
    assert parse_number("1.200", "en") == pytest.approx(1.2)
    assert parse_number("1,250", "en") == 1250
    assert parse_number("1,25", "en") == pytest.approx(1.25)
    assert parse_number("7 600", "fr") == 7600


def test_no_money_without_currency() -> None:
    assert find_amounts("The plant has 1.200 Quadratmeter and 10 m² of labs.", "de") == []
