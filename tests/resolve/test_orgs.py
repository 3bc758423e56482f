"""Organisation resolution: variants merge, look-alikes never do, knowledge helps."""

from __future__ import annotations

from datetime import date

from pipeline.resolve import resolve_mentions
from schemas.curation import Curation, Judgement
from schemas.resolution import AliasFact

from tests.resolve.helpers import by_name, entry, mentions


def _resolve(*names: str, **kw) -> dict[str, str]:
    items = mentions(*names)
    return by_name(resolve_mentions(items, **kw), items)


def _judgement(a: str, b: str, decision: str) -> Judgement:
    return Judgement(a=a, b=b, decision=decision, reason="checked on the companies' own sites",
                     reviewer="test", decided=date(2026, 1, 1))


def test_legal_form_case_accent_and_ampersand_variants_merge() -> None:
    ids = _resolve("Oxford Biomedica plc", "OXFORD BIOMEDICA", "Oxford BioMedica", "Genethon", "Généthon",
                   "Cell & Gene Therapy Catapult", "Cell and Gene Therapy Catapult", "Meira GTx", "MeiraGTx Holdings plc")
    assert ids["Oxford Biomedica plc"] == ids["OXFORD BIOMEDICA"] == ids["Oxford BioMedica"]
    assert ids["Genethon"] == ids["Généthon"]
    assert ids["Cell & Gene Therapy Catapult"] == ids["Cell and Gene Therapy Catapult"]
    assert ids["Meira GTx"] == ids["MeiraGTx Holdings plc"]
    assert len(set(ids.values())) == 4


def test_look_alikes_stay_apart() -> None:
    ids = _resolve("Oxford Biomedica", "Oxford Nanopore Technologies", "Medigene AG", "Medigen Vaccine Biologics",
                   "Medigene Immunotherapies GmbH", "Sartorius AG", "Sartorius Stedim Biotech", "CSL Behring",
                   "CSL Seqirus", "Polyplus", "PolyPlus Battery Company", "Lonza", "Lonza Biologics Porriño")
    assert len(set(ids.values())) == 13


def test_descriptor_variants_merge_but_clashing_descriptors_do_not_chain() -> None:
    ids = _resolve("Kiadis", "Kiadis Pharma", "Delphi", "Delphi Biotech", "Delphi Pharma")
    assert ids["Kiadis"] == ids["Kiadis Pharma"]
    assert ids["Delphi Biotech"] != ids["Delphi Pharma"]  # "Delphi" may join one of them, never both


def test_acronyms_of_a_long_name() -> None:
    ids = _resolve("CGT Catapult", "Cell and Gene Therapy Catapult", "Union Chimique Belge", "UCB", "RoslinCT",
                   "Roslin Cell Therapies")
    assert ids["CGT Catapult"] == ids["Cell and Gene Therapy Catapult"]
    assert ids["UCB"] == ids["Union Chimique Belge"]
    assert ids["RoslinCT"] == ids["Roslin Cell Therapies"]


def test_an_acronym_shared_by_two_long_names_links_neither() -> None:
    ids = _resolve("UCB", "Union Chimique Belge", "United Cell Biologics")
    assert ids["UCB"] != ids["Union Chimique Belge"] and ids["UCB"] != ids["United Cell Biologics"]


def test_typos_merge_only_for_long_names_in_the_same_country() -> None:
    items = mentions("Adaptimmune Therapeutics", "Adaptimune Therapeutics", hint="GB")
    results = resolve_mentions(items)
    assert results[0].entity_id == results[1].entity_id and results[1].rule == "fuzzy"
    ids = _resolve("Medigene", "Medigen")
    assert ids["Medigene"] != ids["Medigen"]


def test_registry_brings_former_names_tickers_and_its_id() -> None:
    registry = [entry("org_celyad", "Celyad Oncology", former_names=["Cardio3 BioSciences"],
                      tickers=["Euronext Brussels: CYAD"], country_code="BE")]
    items = mentions("Cardio3 BioSciences SA", "CYAD", "Celyad")
    results = resolve_mentions(items, registry=registry)
    assert {r.entity_id for r in results} == {"org_celyad"}
    assert {r.canonical_name for r in results} == {"Celyad Oncology"}
    assert results[1].rule == "ticker"


def test_two_registry_entries_are_never_merged_through_mentions() -> None:
    registry = [entry("org_a", "Oxford Biomedica", aliases=["OXB"]), entry("org_b", "Oxford Nanopore Technologies")]
    ids = _resolve("Oxford Biomedica", "Oxford Nanopore", "OXB", registry=registry)
    assert ids["Oxford Biomedica"] == ids["OXB"] == "org_a"
    assert ids["Oxford Nanopore"] == "org_b"


def test_parent_in_registry_stays_apart_from_child() -> None:
    registry = [entry("org_child", "Exothera", parent="Univercells")]
    ids = _resolve("Exothera SA", "Univercells", registry=registry)
    assert ids["Exothera SA"] == "org_child" and ids["Univercells"] != "org_child"


def test_learned_facts_link_tickers_and_former_names() -> None:
    facts = [
        AliasFact(kind="ticker", name="Orchard Therapeutics plc", value="ORTX", exchange="Nasdaq", span=(0, 10),
                  evidence="...", announcement_id="a1"),
        AliasFact(kind="former_name", name="NorthX Biologics", value="Cobra Biologics Matfors AB", span=(0, 10),
                  evidence="...", announcement_id="a2"),
    ]
    ids = _resolve("ORTX", "Orchard Therapeutics", "Cobra Biologics Matfors", "NorthX Biologics AB", aliases=facts)
    assert ids["ORTX"] == ids["Orchard Therapeutics"]
    assert ids["Cobra Biologics Matfors"] == ids["NorthX Biologics AB"]


def test_learned_subsidiary_fact_keeps_parent_apart() -> None:
    facts = [AliasFact(kind="subsidiary_of", name="Acme Cell Therapies", value="Acme", span=(0, 1), evidence=".",
                       announcement_id="a1")]
    assert len(set(_resolve("Acme Cell Therapies", "Acme", aliases=facts).values())) == 2
    assert len(set(_resolve("Acme Cell Therapies", "Acme").values())) == 1


def test_unknown_ticker_is_guessed_only_when_one_name_spells_it() -> None:
    ids = _resolve("AUTL", "Autolus Therapeutics plc", "Oxford Nanopore")
    assert ids["AUTL"] == ids["Autolus Therapeutics plc"]
    ids = _resolve("OXB", "Oxford Biomedica", "Oxford Bioscience Labs")
    assert ids["OXB"] not in (ids["Oxford Biomedica"], ids["Oxford Bioscience Labs"])


def test_judgements_win_over_the_algorithm() -> None:
    curation = Curation(judgements=[_judgement("Kiadis", "Kiadis Pharma", "different"),
                                    _judgement("Kyowa Hakko Kirin", "Kyowa Kirin", "same")])
    ids = _resolve("Kiadis", "Kiadis Pharma N.V.", "Kyowa Kirin Co., Ltd.", "Kyowa Hakko Kirin", judgements=curation)
    assert ids["Kiadis"] != ids["Kiadis Pharma N.V."]
    assert ids["Kyowa Kirin Co., Ltd."] == ids["Kyowa Hakko Kirin"]


def test_unsure_blocks_automatic_merges() -> None:
    curation = Curation(judgements=[_judgement("Genethon", "Genethon Bioprod", "unsure")])
    ids = _resolve("Genethon", "Généthon Bioprod", judgements=curation)
    assert ids["Genethon"] != ids["Généthon Bioprod"]


def test_a_different_judgement_holds_against_a_chain() -> None:
    curation = Curation(judgements=[_judgement("Acme Biotech", "Acme Biotech Holdings", "different")])
    ids = _resolve("Acme Biotech", "Acme", "Acme Biotech Holdings", judgements=curation)
    assert ids["Acme Biotech"] != ids["Acme Biotech Holdings"]


def test_every_mention_gets_one_line_in_order_with_a_rule() -> None:
    items = mentions("Autolus", "Autolus Therapeutics", "Something Else")
    results = resolve_mentions(items)
    assert [r.id for r in results] == [m.id for m in items]
    assert results[2].rule == "single" and 0 < results[0].score <= 1


def test_ticker_written_inside_exactly_one_name() -> None:
    ids = _resolve("QURE", "uniQure N.V.", "Oxford Biomedica")
    assert ids["QURE"] == ids["uniQure N.V."]
    ids = _resolve("CURE", "Acure Bio", "Securebio Holdings")
    assert ids["CURE"] not in (ids["Acure Bio"], ids["Securebio Holdings"])


def test_acronym_in_brackets_is_an_alias() -> None:
    ids = _resolve("Northwind Medical Research Centre (NMRC)", "Northwind Medical Research Centre", "NMRC",
                   "Southway Medical Research Centre")
    assert ids["Northwind Medical Research Centre (NMRC)"] == ids["Northwind Medical Research Centre"] == ids["NMRC"]
    assert ids["Southway Medical Research Centre"] != ids["NMRC"]
    items = mentions("Northwind Medical Research Centre (NMRC)", "Northwind Medical Research Centre (NMRC)",
                     "Northwind Medical Research Centre")
    assert {r.canonical_name for r in resolve_mentions(items)} == {"Northwind Medical Research Centre"}


def test_two_landscape_entries_one_with_its_acronym_in_brackets_are_one_organisation() -> None:
    registry = [entry("reg_a", "Northwind Medical Research Centre (NMRC)"),
                entry("reg_b", "Northwind Medical Research Centre", aliases=["NMRC"])]
    ids = _resolve("Northwind Medical Research Centre (NMRC)", "Northwind Medical Research Centre", "NMRC",
                   registry=registry)
    assert len(set(ids.values())) == 1


def test_an_acronym_two_names_claim_links_neither() -> None:
    ids = _resolve("Northwind Medical Centre (NMC)", "Newport Marine College (NMC)", "NMC")
    assert len(set(ids.values())) == 3


def test_bracketed_parent_does_not_block_the_name_before_it() -> None:
    registry = [entry("reg_v", "Vectoria"), entry("reg_y", "Yarrow Gene")]
    ids = _resolve("Vectoria (Bigco)", "Bigco", "Yarrow Gene (Old Mill Pharma)", "Old Mill Pharma",
                   "Vectoria (Bigco AG)", "Vectoria, a Bigco company", registry=registry)
    assert ids["Vectoria (Bigco)"] == ids["Vectoria (Bigco AG)"] == ids["Vectoria, a Bigco company"] == "reg_v"
    assert ids["Yarrow Gene (Old Mill Pharma)"] == "reg_y"
    assert ids["Bigco"] != "reg_v" and ids["Old Mill Pharma"] != "reg_y"


def test_a_bracket_that_is_no_known_organisation_stays_part_of_the_name() -> None:
    # "(Modena)" may be a site company, "(Bigco)" is unknown here: a missed merge, never a wrong one
    ids = _resolve("Vectoria", "Vectoria (Modena)", "Vectoria (Bigco)")
    assert len(set(ids.values())) == 3


def test_the_parent_in_a_qualifier_is_kept_apart_from_the_child() -> None:
    from pipeline.resolve.namegraph import NameGraph, add_qualifiers

    graph = NameGraph()
    child = graph.name_node("Vectoria (Bigco AG)", mention=True)
    add_qualifiers(graph)
    assert not graph.uf.can_union(child, graph.name_node("Bigco"))
    # unless a registry entry lists both names as one organisation
    listed = NameGraph()
    from pipeline.resolve.namegraph import add_registry

    add_registry(listed, [entry("reg_v", "Vectoria", aliases=["Bigco"])])
    child = listed.name_node("Vectoria (Bigco AG)", mention=True)
    add_qualifiers(listed)
    assert listed.uf.can_union(child, listed.name_node("Bigco"))


def test_a_company_name_followed_by_a_town_is_a_site_company_not_merged() -> None:
    # "Lonzo Cologne" / "Acme Gosselies": often a separate legal entity of the group
    # (cf. "Cobra Biologics Matfors AB"), so only data (an alias, a judgement) joins them.
    registry = [entry("reg_cgt", "Acme Cell & Gene Therapy", aliases=["Acme"]), entry("reg_site", "Acme Gosselies")]
    ids = _resolve("Acme Gosselies", "Acme Cell & Gene Therapy", "Acme", "Acme (Gosselies)", registry=registry)
    assert ids["Acme Cell & Gene Therapy"] == ids["Acme"] == "reg_cgt"
    assert ids["Acme Gosselies"] == "reg_site"
    assert ids["Acme (Gosselies)"] not in ("reg_cgt",)
    assert len(set(_resolve("Acme Gosselies", "Acme Cell & Gene Therapy").values())) == 2


def test_same_name_entries_of_two_countries_keep_their_own_anchors() -> None:
    registry = [entry("reg_ie", "Vectoria", country_code="IE", aliases=["Vectoria Shannon Operations"]),
                entry("reg_gb", "Vectoria", country_code="GB", aliases=["VTX Holdings"])]
    ids = _resolve("Vectoria Shannon Operations", "VTX Holdings", registry=registry)
    assert ids == {"Vectoria Shannon Operations": "reg_ie", "VTX Holdings": "reg_gb"}
