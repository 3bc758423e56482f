"""Accept and reject cases for the models every stage relies on."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from pydantic import ValidationError

from schemas.entities import Facility, Organisation
from schemas.records import AnnouncementRecord, OrganisationRecord, RawItem, stable_id
from schemas.source import SourceConfigError, load_source_config
from schemas.tables import TABLES, check_specs, comment_sql, create_table_sql, data_dictionary_markdown

SOURCE_YML = """\
slug: no_example_news
title: Example news
publisher: Example
homepage: https://example.org/
kind: rss
item_types: [announcement]
start_urls: [https://example.org/feed.xml]
frequency: daily
languages: [nb, en]
countries: [NO, SE]
expected: {min_items: 1, max_items: 10}
based_on: https://example.org/
licence: test
description: A feed used by the tests.
"""


def _write(tmp_path: Path, text: str, folder: str = "no_example_news") -> Path:
    path = tmp_path / folder / "source.yml"
    path.parent.mkdir(parents=True)
    path.write_text(text)
    return path


def test_source_yml_keeps_norway_as_a_country_code(tmp_path):
    config = load_source_config(_write(tmp_path, SOURCE_YML))
    assert config.countries == ["NO", "SE"]
    assert config.allowed_domains == ["example.org"]
    assert config.cron.split()[1] == "3"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("min_items: 1, max_items: 10", "min_items: 10, max_items: 1"), "max_items"),
        (("kind: rss", "kind: telepathy"), "kind"),
        (("https://example.org/feed.xml", "ftp://example.org/feed.xml"), "start_urls"),
        (("licence: test\n", ""), "licence"),
        (("countries: [NO, SE]", "countries: [XX]"), "countries"),
    ],
)
def test_source_yml_errors_name_the_file_and_field(tmp_path, change, message):
    path = _write(tmp_path, SOURCE_YML.replace(*change))
    with pytest.raises(SourceConfigError) as err:
        load_source_config(path)
    assert str(path) in str(err.value) and message in str(err.value)


def test_source_slug_must_match_its_folder(tmp_path):
    with pytest.raises(SourceConfigError, match="differs from the folder name"):
        load_source_config(_write(tmp_path, SOURCE_YML, folder="se_other_feed"))


def _raw(**over):
    item = {
        "item_id": stable_id("itm", "eu_x_news", "announcement", "https://x.org/a"),
        "source_slug": "eu_x_news", "item_type": "announcement", "item_key": "https://x.org/a",
        "source_url": "https://x.org/a", "fetched_at": "2026-01-01T00:00:00Z", "crawl_id": "c1", "data": {},
    }
    return {**item, **over}


def test_raw_item_id_must_hash_its_key():
    assert RawItem.model_validate(_raw()).fetched_at.tzinfo is not None
    with pytest.raises(ValidationError, match="does not match its key"):
        RawItem.model_validate(_raw(item_key="https://x.org/b"))


def test_organisation_record_rules():
    ok = OrganisationRecord(name="Oxford Biomedica", country_code="uk", city="Oxford", lat=51.75, lon=-1.25)
    assert ok.country_code == "GB"
    with pytest.raises(ValidationError, match="together"):
        OrganisationRecord(name="X Bio", country_code="DE", lat=50.0)
    with pytest.raises(ValidationError, match="less than or equal to 90"):
        OrganisationRecord(name="X Bio", country_code="DE", lat=95.0, lon=8.0)
    with pytest.raises(ValidationError, match="ISO 3166"):
        OrganisationRecord(name="X Bio", country_code="ZZ")
    with pytest.raises(ValidationError):
        OrganisationRecord(name="X Bio", country_code="DE", unexpected="field")


def test_announcement_text_may_not_be_blank():
    with pytest.raises(ValidationError, match="at least 1 character"):
        AnnouncementRecord(url="https://x.org/a", title="Title here", text="   \n ")


def test_entity_models_reject_impossible_values():
    with pytest.raises(ValidationError):
        Facility(facility_id="f", is_european=True, status="demolished", first_seen_at="2026-01-01T00:00:00Z",
                 last_seen_at="2026-01-01T00:00:00Z")
    with pytest.raises(ValidationError):
        Organisation(organisation_id="o", name="X", org_type="cdmo", is_european=True, mention_count=-1,
                     first_seen_at="2026-01-01T00:00:00Z", last_seen_at="2026-01-01T00:00:00Z")


def test_ddl_comments_and_checks_are_derived_and_run():
    con = duckdb.connect()
    for spec in TABLES.values():
        con.execute(create_table_sql(spec))
        for stmt in comment_sql(spec):
            con.execute(stmt)
        for check in check_specs(spec):
            assert con.execute(check.sql).fetchall()[0][0] == 0
    cols = dict(con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name='core_atmp__facilities'").fetchall())
    assert cols["modalities"] == "VARCHAR[]" and cols["first_seen_at"] == "TIMESTAMP WITH TIME ZONE"
    con.execute("INSERT INTO core_atmp__facilities (facility_id, is_european, status, status_timeline_json, partner_names, event_types, modalities, announcement_ids, source_urls, first_seen_at, last_seen_at) "
                "VALUES ('f1', true, 'demolished', '[]', [], [], ['teleportation'], [], [], now(), now())")
    failing = {c.name for c in check_specs(TABLES["core_atmp__facilities"]) if con.execute(c.sql).fetchall()[0][0]}
    assert failing == {"status_allowed", "modalities_allowed"}


def test_data_dictionary_lists_every_table():
    text = data_dictionary_markdown()
    for name in TABLES:
        assert f"`{name}`" in text
