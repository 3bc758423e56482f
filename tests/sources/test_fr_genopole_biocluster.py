"""Genopole directory: complete cards on paginated listing pages."""

from __future__ import annotations

from pipeline.validate import validate_items
from tests.sources.helpers import make_spider, recorded_response, response_for, run_callback

SLUG = "fr_genopole_biocluster"
LISTING = "https://www.genopole.fr/entreprises/?domaine=biotherapies"
HTML = {"Content-Type": "text/html; charset=utf-8"}


def test_cards_become_organisations_and_the_next_page_is_followed():
    result = run_callback(make_spider(SLUG), recorded_response(SLUG, LISTING))
    assert len(result.items) == 3
    assert [r.url for r in result.requests] == [LISTING + "&p=2"]
    outcome = validate_items(result.items)
    assert len(outcome.valid) == 3
    genethon = next(i["data"] for i in result.items if i["data"]["name"] == "Généthon")
    assert genethon["city"] == "Évry-Courcouronnes" and genethon["country_code"] == "FR"
    assert genethon["org_type"] == "other" and genethon["modalities"] == ["gene_therapy"]
    assert not any(k.startswith(("atmp/unused_field", "atmp/unknown_label")) for k in result.stats)


def test_item_keys_are_stable_raw_keys():
    first = run_callback(make_spider(SLUG), recorded_response(SLUG, LISTING)).items
    again = run_callback(make_spider(SLUG), recorded_response(SLUG, LISTING)).items
    assert [i["item_id"] for i in first] == [i["item_id"] for i in again]
    assert len({i["item_id"] for i in first}) == len(first)


def test_card_without_name_is_rejected_and_others_kept():
    page = """<html><body><main><div class="annuaire">
    <div class="entreprise"><p class="entreprise__ville">Évry</p></div>
    <div class="entreprise"><h3 class="entreprise__nom">Exemple Vecteurs</h3><p class="entreprise__domaines">Vecteurs viraux</p></div>
    </div></main></body></html>""".encode()
    result = run_callback(make_spider(SLUG), response_for(LISTING, page, headers=HTML))
    assert [i["data"]["name"] for i in result.items] == ["Exemple Vecteurs"]
    assert result.items[0]["data"]["modalities"] == ["viral_vector"]
    assert result.rejects[0]["reason"] == "directory card has no organisation name"


def test_page_without_cards_is_rejected():
    result = run_callback(make_spider(SLUG), response_for(LISTING, b"<html><body><main></main></body></html>", headers=HTML))
    assert not result.items and result.rejects[0]["reason"] == "directory page lists no members"
