"""Phenomena of real announcements, one short text each, written for these tests (invented companies, real towns).

Unlike test_synthetic.py these use the geocoding stage's real gazetteer: regions,
homonyms, district names and town adjectives only show with real data. Each test
names the phenomenon it guards; none of the texts is taken from the team's data.
"""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.extract import ExtractInput, extract

pytest.importorskip("pipeline.geocode")


def run(text: str, title: str, published: date | None = date(2025, 3, 1), known: list[str] | None = None):
    return extract(ExtractInput(id="p", url="https://example.org/p", title=title, published=published, text=text), known)


def names(r) -> set[str]:  # noqa: ANN001
    return {n.lower() for n in r.companies + r.partners}


# -- organisation names that are not organisations --------------------------------------------------------

def test_world_regions_nationalities_and_regions_are_not_organisations() -> None:
    r = run(
        "Het Amerikaanse Quorvex Scientific heeft de overname afgerond van Velogen, de Belgische dochter van het Franse "
        "Parvane die virale vectoren produceert. De prijs bedraagt ongeveer 310 miljoen euro.\n\n"
        "Velogen heeft een site in Seneffe. De Belgische site vult de drie productiesites aan die Quorvex al in "
        "Noord-Amerika heeft. Een Europese goedkeuring voor het eerste product wordt later verwacht.",
        title="Quorvex rondt overname af van virale-vectorproducent Velogen",
    )
    assert r.event_type == "acquisition"
    assert "noord-amerika" not in names(r) and "europese" not in names(r)
    assert r.companies == ["Quorvex Scientific"]  # 'Amerikaanse' is not part of the name
    assert "Velogen" in r.partners and "Parvane" in r.partners  # the target's parent sells
    assert (r.city, r.country) == ("Seneffe", "BE")


def test_spanish_region_and_sentence_initial_verb_are_not_organisations() -> None:
    r = run(
        "- Ofrece 2,10 euros por acción\n\n"
        "MADRID, 3 Mar. (EUROPA PRESS) - La farmacéutica Halvora ha lanzado una oferta pública de adquisición sobre "
        "Celunova, la biotecnológica especializada en terapias celulares con sede en Lovaina (Bélgica), por unos 410 "
        "millones de euros. Celunova produce sus células madre en un laboratorio de la Comunidad de Madrid.",
        title="Halvora lanza una opa de 410 millones sobre Celunova",
    )
    assert "ofrece" not in names(r) and "comunidad de madrid" not in names(r)
    assert r.event_type == "acquisition"
    assert r.companies == ["Halvora"] and "Celunova" in r.partners
    assert (r.city, r.country) == ("Leuven", "BE")  # the target's seat, in English
    assert r.investment_amount is not None and (r.investment_amount.value, r.investment_amount.currency) == (410e6, "EUR")


# -- where: dateline and head office, places in passing, ambiguous names ------------------------------------

def test_dateline_head_office_is_not_the_site() -> None:
    r = run(
        "LAUPHEIM, 11. Februar 2025 – Der Laupheimer Auftragshersteller Brenntal Biopharma baut am Standort des "
        "Cell and Gene Therapy Catapult in Stevenage eine Produktion für Gentherapien auf. Die GMP-Herstellung von "
        "AAV-Vektoren soll im ersten Halbjahr 2026 beginnen. Am Stammsitz in Laupheim arbeiten 800 Menschen.",
        title="Brenntal Biopharma steigt in Stevenage in die Gentherapie-Fertigung ein",
    )
    assert (r.city, r.country) == ("Stevenage", "GB")
    assert r.event_type == "new_facility"
    assert r.operational_year == 2026
    assert "Cell and Gene Therapy Catapult" in r.partners


def test_existing_campus_named_in_passing_is_not_a_further_site() -> None:
    r = run(
        "Orvane, the pharmaceutical arm of a US group, is building its first European CAR-T plant at the Tech Lane "
        "Ghent Science Park in Ghent, Belgium. The site is expected to be operational in 2027. "
        "It will work alongside Orvane's existing campus in Beerse.",
        title="Orvane chooses Ghent for European CAR-T plant",
    )
    assert (r.city, r.country) == ("Ghent", "BE")  # English name, not the gazetteer's 'Gent'
    assert all(s.city != "Beerse" for s in r.sites)
    assert r.operational_year == 2027
    assert r.modality == ["car-t", "cell_therapy"]


@pytest.mark.parametrize(
    ("title", "text", "city", "country"),
    [
        ("Velocyte opent productiesite in Gent",
         "Het biotechbedrijf Velocyte opent een nieuwe productiesite voor celtherapieën in Gent. De site moet in 2026 "
         "operationeel zijn.", "Ghent", "BE"),
        ("Zellwerk eröffnet Werk in Köln",
         "Die Zellwerk GmbH eröffnet in Köln eine neue Produktionsanlage für CAR-T-Zelltherapien. Die Anlage soll 2026 "
         "in Betrieb gehen.", "Cologne", "DE"),
        ("Genovia abrirá una planta en Donostia",
         "La biotecnológica Genovia abrirá una planta de terapia génica en Donostia. La planta estará operativa en 2026.",
         "San Sebastián", "ES"),
        ("Norrvik bygger anläggning i Kongens Lyngby",
         "Stiftelsen Norrvik bygger en ny anläggning för tillverkning av cellterapier i Kongens Lyngby. Anläggningen "
         "väntas vara i drift 2028.", "Lyngby", "DK"),
        ("Helvecell baut Anlage in Zürich",
         "Die Helvecell AG baut in Zürich eine Anlage für Gentherapien. Die Anlage soll 2027 in Betrieb gehen.",
         "Zurich", "CH"),
        ("Ardvale opens cell therapy plant in Enfield",
         "Ardvale Therapeutics has opened a cell therapy manufacturing plant in Enfield, UK. The plant will start "
         "production in 2026.", "Enfield", "GB"),
    ],
)
def test_towns_written_by_their_local_name_are_reported_by_their_english_name(
    title: str, text: str, city: str, country: str
) -> None:
    # the geocoding stage's display name: 'Gent' -> Ghent, 'Donostia' -> San Sebastián, 'Kongens Lyngby' -> Lyngby
    r = run(text, title=title)
    assert (r.city, r.country) == (city, country)


@pytest.mark.parametrize(
    ("title", "text", "city"),
    [
        ("Celvane ouvre une usine en Floride",
         "La biotech Celvane a ouvert une usine de thérapie cellulaire en Floride. L'usine produira des CAR-T dès 2026.",
         None),  # the state, not the town of Florida in Uruguay
        ("Zellgen baut Werk in Kalifornien",
         "Die Zellgen Inc. baut ein Werk für Zelltherapien in Kalifornien. Das Werk soll 2026 in Betrieb gehen.", None),
        ("Celvane inaugure son usine",
         "RALEIGH (Caroline du Nord) – Celvane inaugure son usine de thérapie génique à Raleigh. Le site fabriquera des "
         "vecteurs dès 2026.", "Raleigh"),
    ],
)
def test_us_states_named_in_other_languages_place_the_event_in_the_us(title: str, text: str, city: str | None) -> None:
    # the state names are the geocoding stage's region names ('Floride', 'Kalifornien', 'Caroline du Nord')
    r = run(text, title=title)
    assert (r.relevant, r.reason, r.city) == (False, "outside Europe (US)", city)


def test_a_district_missing_from_geonames_is_the_site() -> None:
    r = run(
        "Cellvia AB invigde i går en ny anläggning för tillverkning av cellterapier i Flemingsberg söder om Stockholm. "
        "Anläggningen är i drift sedan 2025.",
        title="Cellvia invigde anläggning i Flemingsberg",
    )
    assert (r.city, r.country) == ("Flemingsberg", "SE")  # a curated district of Huddinge, not Stockholm


def test_district_name_far_from_the_named_town_is_not_the_site() -> None:
    r = run(
        "L'Ospedale Pediatrico Santa Lucia ha inaugurato nella sede di San Paolo, a Roma, il nuovo Laboratorio di "
        "Terapia Cellulare. Il progetto è finanziato con circa 12 milioni di euro. Qui saranno prodotti farmaci "
        "cellulari geneticamente modificati.",
        title="Santa Lucia, inaugurato il nuovo laboratorio di terapia cellulare",
    )
    assert (r.city, r.country) == ("Rome", "IT")  # never São Paulo
    assert r.facility_name == "Laboratorio di Terapia Cellulare"
    assert r.relevant and r.event_type == "opening"


def test_town_adjectives_and_region_qualifiers() -> None:
    r = run(
        "GÖTTINGEN, 2. Juli 2025 – Der Göttinger Laborzulieferer Morvex übernimmt die Mehrheit am Freiburger Hersteller "
        "Zellquant. Für 51 Prozent der Anteile zahlt Morvex etwa 80 Mio. Euro. Zellquant stellt Komponenten für "
        "Zell- und Gentherapien her und erzielte 2024 einen Umsatz von 20 Mio. Euro.",
        title="Morvex übernimmt Mehrheit an Freiburger Zellquant",
    )
    assert r.event_type == "acquisition"
    assert (r.city, r.country) == ("Freiburg", "DE")
    assert r.investment_amount is not None and r.investment_amount.value == 80e6  # the revenue is a distractor


def test_a_european_and_a_us_site_in_one_release() -> None:
    r = run(
        "French gene editing company Talvecta is building two plants of its own. In Raleigh, North Carolina, it has "
        "signed a lease for a commercial facility named IMPACT-2, expected to be operational in 2026; local reports "
        "put its cost at $70m. In Paris, the company has started building FORGE, a 1,200 m² unit that will make "
        "starting materials for its allogeneic CAR-T products.",
        title="Talvecta to build Raleigh and Paris plants for its CAR-T products",
    )
    assert (r.city, r.country) == ("Paris", "FR") and r.relevant
    assert r.facility_name == "FORGE"
    assert r.investment_amount is None  # the $70m is the US plant's
    assert r.operational_year is None


def test_country_named_next_to_an_ambiguous_town() -> None:
    r = run(
        "Basel, 27 August 2025 – The drugmaker Solvaris will set up production of cell and gene therapies at its site "
        "in Stein, in the Swiss canton of Aargau, investing up to CHF 90 million. The first CAR-T therapies from the "
        "new unit are expected in early 2027.",
        title="Solvaris builds cell and gene therapy production in Stein",
    )
    assert (r.city, r.country) == ("Stein", "CH")
    assert r.investment_amount is not None and (r.investment_amount.value, r.investment_amount.currency) == (90e6, "CHF")


# -- what happened ----------------------------------------------------------------------------------------

def test_german_particle_verb_is_an_expansion() -> None:
    r = run(
        "Der Pharmakonzern Kairo Bio baut seinen Standort Orth an der Donau in Niederösterreich aus. Dort sollen "
        "virale Vektoren für eine CAR-NK-Zelltherapie hergestellt werden. Die Produktion soll 2026 anlaufen.",
        title="Kairo Bio fertigt in Orth an der Donau Vektoren",
    )
    assert r.event_type == "expansion"
    assert (r.city, r.country) == ("Orth an der Donau", "AT")
    assert r.operational_year == 2026
    assert "donau" not in names(r)


def test_planning_approval_is_a_new_facility_not_a_product_approval() -> None:
    r = run(
        "LONDON, Sept. 16, 2025 -- Nestra Therapeutics plc, a company developing programmed T cell therapies, today "
        "announced that planning approval has been granted for its new manufacturing facility in Stevenage, UK. "
        "Design and construction firm Brickwell is the general contractor.",
        title="Nestra Therapeutics receives planning approval for new manufacturing facility in Stevenage",
    )
    assert r.event_type == "new_facility"
    assert r.companies == ["Nestra Therapeutics"] and "Brickwell" in r.partners


def test_national_approval_with_an_inn_only() -> None:
    r = run(
        "LONDON, April 25, 2025 -- Nestra Therapeutics plc today announced that the UK Medicines and Healthcare products "
        "Regulatory Agency (MHRA) has granted conditional marketing authorisation for VELTARA (relmacabtagene "
        "autoleucel) for adults with relapsed B-cell lymphoma.",
        title="Nestra Therapeutics announces UK MHRA conditional marketing authorisation for VELTARA",
    )
    assert r.relevant and r.event_type == "approval"
    assert (r.city, r.country) == (None, "GB")
    assert "car-t" in r.modality  # from the INN stem '-cabtagene autoleucel'
    assert "veltara" not in names(r) and "mhra" not in names(r)


# -- relevance: hospital units and non-CGT traps ------------------------------------------------------------

def test_hospital_advanced_therapy_unit_is_relevant() -> None:
    r = run(
        "SANTANDER, 27 Mar. (EUROPA PRESS) - La Unidad de Terapias Avanzadas del Banco de Sangre de Cantabria, situada "
        "en el hospital de Liencres, ampliará sus instalaciones con dos nuevas salas blancas para producir medicamentos "
        "de terapia avanzada basados en genes, células o tejidos. Las obras cuentan con una inversión de 1.250.000 euros.",
        title="La Unidad de Terapias Avanzadas de Cantabria sumará dos nuevas salas blancas",
    )
    assert r.relevant and r.event_type == "expansion"
    assert r.city == "Liencres"  # not the dateline
    assert r.facility_name == "Unidad de Terapias Avanzadas"
    assert r.investment_amount is not None and r.investment_amount.value == 1_250_000


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Varnex to acquire site to expand COVID-19 vaccine production",
         "MAINZ, Germany, Sept. 17, 2025 -- Varnex SE today announced that it will acquire a manufacturing site in Marburg, "
         "Germany, to expand production of its mRNA COVID-19 vaccine. The previous owner equipped the site for cell and "
         "gene therapies, which Varnex may make there later."),
        ("Holtvik doubles down on Danish biologics site",
         "Holtvik is to invest 40 billion yen to expand its Danish site in Hillerød. The project doubles drug substance "
         "capacity for monoclonal antibodies; it is about protein drugs rather than cell or gene therapy."),
    ],
)
def test_non_cgt_projects_in_europe_are_not_relevant(title: str, text: str) -> None:
    r = run(text, title=title)
    assert not r.relevant


# -- money in several formats ---------------------------------------------------------------------------------

def test_swedish_amount_with_a_conversion_and_a_facility_name() -> None:
    r = run(
        "Stiftelsen Norrvik satsar upp till 950 miljoner danska kronor, omkring 127 miljoner euro, på en ny anläggning "
        "för tillverkning av cellterapier. Anläggningen får namnet Norrvik Cellforge, byggs i Lyngby norr om "
        "Köpenhamn och väntas vara i drift 2028.",
        title="Stiftelsen Norrvik bygger cellterapianläggning i Lyngby",
    )
    assert r.investment_amount is not None
    assert (r.investment_amount.value, r.investment_amount.currency) == (950e6, "DKK")
    assert r.facility_name == "Norrvik Cellforge"
    assert (r.city, r.country, r.operational_year) == ("Lyngby", "DK", 2028)
