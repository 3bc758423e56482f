"""Short announcements written for these tests, one per phenomenon and language.

They are not the team's dev texts: each isolates one thing real releases do
(wire datelines, HQ vs site, conversions, distractor sums, boilerplate, several
sites, number formats in seven languages) so a failure names the phenomenon.
"""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.extract import ExtractInput, extract
from tests.extract.fakes import fake_places

PLACES = fake_places()


def run(text: str, title: str | None = None, published: date | None = None, known: list[str] | None = None):
    return extract(ExtractInput(id="t", url="https://example.org/x", title=title, published=published, text=text), known, place_finder=PLACES)


def test_wire_dateline_hq_vs_site_and_conversion() -> None:
    r = run(
        "BOSTON--(BUSINESS WIRE)--March 3, 2025-- Helixon Therapeutics, Inc. (Nasdaq: HLXN), a gene therapy company "
        "headquartered in Boston, today announced that it will build a new viral vector manufacturing facility in Leiden, the Netherlands. "
        "Helixon will invest approximately EUR 50 million (USD 60 million) in the plant, which is expected to be operational in 2027.\n\n"
        "About Helixon Therapeutics\nHelixon Therapeutics is based in Boston, Massachusetts, and reported revenue of $120 million in 2024.",
        title="Helixon Therapeutics to build viral vector plant in Leiden",
    )
    assert r.relevant
    assert r.companies == ["Helixon Therapeutics"]
    assert (r.city, r.country) == ("Leiden", "NL")
    assert r.event_type == "new_facility"
    assert "viral_vector" in r.modality
    assert r.operational_year == 2027
    assert r.investment_amount is not None
    assert (r.investment_amount.value, r.investment_amount.currency) == (50_000_000, "EUR")
    assert r.published == date(2025, 3, 3)
    assert r.evidence["city"].text == "Leiden"


def test_acquisition_target_site_seller_and_per_share_distractor() -> None:
    r = run(
        "LONDON, 2 June 2024 – Norvane Biologics plc has agreed to acquire Cellbridge Manufacturing, a cell therapy contract "
        "manufacturer based in Stevenage, from Arclight Capital Partners for £85 million, or £4.10 per share.\n\n"
        "Cellbridge runs a GMP plant for autologous cell therapies and employs 120 people.",
        title="Norvane Biologics buys Cellbridge Manufacturing",
    )
    assert r.event_type == "acquisition"
    assert r.companies == ["Norvane Biologics"]
    assert "Cellbridge Manufacturing" in r.partners
    assert "Arclight Capital Partners" in r.partners
    assert r.city == "Stevenage" and r.country == "GB"
    assert r.investment_amount is not None and r.investment_amount.value == 85_000_000
    assert r.relevant


def test_german_opening_with_year_phrase_and_number_format() -> None:
    r = run(
        "MARBURG, 12. Mai 2025 – Die Vektorwerk GmbH hat in Marburg ihre neue Produktionsstätte für virale Vektoren eröffnet. "
        "Das Unternehmen investierte rund 150 Mio. € in das Werk. Die Anlage soll 2026 in Betrieb gehen.",
        title="Vektorwerk eröffnet Produktionsstätte in Marburg",
    )
    assert r.language == "de"
    assert r.event_type == "opening"
    assert r.companies == ["Vektorwerk"]
    assert r.city == "Marburg"
    assert r.investment_amount is not None and r.investment_amount.value == 150_000_000
    assert r.operational_year == 2026
    assert r.relevant


def test_french_amount_and_site_not_dateline() -> None:
    r = run(
        "PARIS, 4 avril 2024 – Le groupe Genovia a annoncé la construction d'une nouvelle usine de thérapie génique à Lyon. "
        "L'investissement s'élève à 2,4 milliards d'euros et le site devrait être opérationnel en 2028. "
        "Genovia avait réalisé un chiffre d'affaires de 5,8 milliards d'euros en 2023.",
        title="Genovia investit 2,4 milliards d'euros à Lyon",
    )
    assert r.language == "fr"
    assert r.city == "Lyon"
    assert r.investment_amount is not None
    assert (r.investment_amount.value, r.investment_amount.currency) == (2_400_000_000, "EUR")
    assert r.operational_year == 2028
    assert "gene_therapy" in r.modality


@pytest.mark.parametrize(
    ("lang", "title", "text", "value", "currency"),
    [
        ("nl", "Celvita opent celtherapiefabriek in Utrecht",
         "UTRECHT – Het biotechbedrijf Celvita heeft in Utrecht een nieuwe fabriek voor celtherapie geopend. "
         "De investering bedraagt 1,5 miljard euro. De fabriek is vanaf 2025 operationeel.", 1.5e9, "EUR"),
        ("it", "Terapion inaugura a Siena un centro per terapie geniche",
         "SIENA – La società Terapion ha inaugurato a Siena un nuovo centro per la produzione di terapie geniche. "
         "L'investimento è di 50 milioni di euro e il centro dovrebbe entrare in funzione entro il 2026.", 50e6, "EUR"),
        ("es", "Celgenia abre en Madrid una planta de terapia celular",
         "MADRID – La empresa Celgenia ha inaugurado en Madrid una planta de terapia celular CAR-T con una inversión de "
         "30 millones de euros. La planta estará operativa en 2026.", 30e6, "EUR"),
        ("sv", "Vektora köper anläggning i Uppsala",
         "UPPSALA – Bioteknikbolaget Vektora förvärvar en anläggning för virala vektorer i Uppsala. "
         "Köpeskillingen uppgår till 455 miljoner kronor. Anläggningen tillverkar genterapier.", 455e6, "SEK"),
    ],
)
def test_languages(lang: str, title: str, text: str, value: float, currency: str) -> None:
    r = run(text, title=title)
    assert r.language == lang
    assert r.investment_amount is not None
    assert r.investment_amount.value == pytest.approx(value)
    assert r.investment_amount.currency == currency
    assert r.city is not None and r.country is not None
    assert r.relevant


def test_non_european_site_is_not_relevant_but_kept() -> None:
    r = run(
        "BOSTON, May 1, 2024 – Quillon Bio today opened a cell therapy manufacturing facility in Boston, Massachusetts.",
        title="Quillon Bio opens cell therapy plant in Boston",
    )
    assert r.relevant is False
    assert r.country == "US" and r.is_european is False
    assert r.reason and "outside Europe" in r.reason


def test_european_biologics_plant_without_cgt_is_not_relevant() -> None:
    r = run(
        "DUBLIN, 5 May 2024 – Arvona Pharma will build a monoclonal antibody plant in Dublin for 300 million euros.",
        title="Arvona Pharma to build antibody plant in Dublin",
    )
    assert r.relevant is False
    assert r.modality == ["other"]


def test_two_sites_one_flagged_non_european() -> None:
    r = run(
        "KUOPIO, Finland, 3 March 2024 – Vectis Bio today opened a viral vector plant in Kuopio. "
        "Vectis is also completing a manufacturing site in Parsippany, New Jersey, for US supply.",
        title="Vectis Bio opens viral vector plant in Kuopio",
    )
    assert r.city == "Kuopio" and r.relevant
    assert any(s.city == "Parsippany" and s.is_european is False for s in r.sites)


def test_eu_approval_has_no_city_and_holder_is_company() -> None:
    r = run(
        "BASEL, Switzerland, 1 July 2024 – Orvista AG announced today that the European Commission has granted conditional "
        "marketing authorisation to Lumexa, its gene therapy for a rare eye disease, developed together with Retigen Therapeutics.",
        title="Orvista receives EU approval for gene therapy Lumexa",
    )
    assert r.event_type == "approval"
    assert r.companies == ["Orvista"]
    assert "Retigen Therapeutics" in r.partners
    assert r.city is None and r.country is None
    assert r.relevant


def test_commentary_announces_nothing() -> None:
    r = run(
        "Opinion: Europe's gene therapy makers need payers, not more plants. Several cell therapy sites opened "
        "in recent years, and approvals keep coming. The views expressed are the author's own.",
        title="Opinion: gene therapy needs payers",
    )
    assert r.relevant is False
    assert r.modality == []


def test_known_orgs_help_spot_lower_case_names() -> None:
    text = ("GHENT, Belgium – genecraft bio today opened a CAR-T cell therapy facility in Ghent. "
            "The site employs 80 people and genecraft bio plans to double that.")
    r = run(text, title="genecraft bio opens CAR-T site in Ghent", known=["Genecraft Bio NV"])
    assert r.city == "Ghent"
    assert "car-t" in r.modality and "cell_therapy" in r.modality
    assert r.companies and r.companies[0].lower() == "genecraft bio"
