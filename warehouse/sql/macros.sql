-- Table macros for time travel over the history tables.
-- Created in the live warehouse and in every snapshot.duckdb.
-- ts: a TIMESTAMPTZ, or text such as '2026-06-30' / '2026-06-30 12:00:00+00'
-- (text without a zone is read in the session time zone; `atmp query` uses UTC).
-- valid_from / valid_to are load times: "as of ts" means "as the published
-- map showed it at ts".

-- Organisations as the published map showed them at ts.
CREATE OR REPLACE MACRO organisations_as_of(ts) AS TABLE
    SELECT * EXCLUDE (version_id, version_hash, valid_from, valid_to, change_type, changed_columns)
    FROM hist_atmp__organisations
    WHERE valid_from <= CAST(ts AS TIMESTAMPTZ)
      AND (valid_to IS NULL OR valid_to > CAST(ts AS TIMESTAMPTZ));

-- Facilities as the published map showed them at ts.
CREATE OR REPLACE MACRO facilities_as_of(ts) AS TABLE
    SELECT * EXCLUDE (version_id, version_hash, valid_from, valid_to, change_type, changed_columns)
    FROM hist_atmp__facilities
    WHERE valid_from <= CAST(ts AS TIMESTAMPTZ)
      AND (valid_to IS NULL OR valid_to > CAST(ts AS TIMESTAMPTZ));

-- The map (out_atmp__map_points) as it was published at ts.
CREATE OR REPLACE MACRO map_as_of(ts) AS TABLE
    SELECT * EXCLUDE (version_id, version_hash, valid_from, valid_to, change_type, changed_columns)
    FROM hist_atmp__map_points
    WHERE valid_from <= CAST(ts AS TIMESTAMPTZ)
      AND (valid_to IS NULL OR valid_to > CAST(ts AS TIMESTAMPTZ));

-- Everything that changed on the map after ts: organisations and facilities
-- added, changed (with the columns that changed), returned or removed.
CREATE OR REPLACE MACRO changes_since(ts) AS TABLE
    WITH versions AS (
        SELECT 'organisation' AS kind, organisation_id AS entity_id, name, country_code, city,
               valid_from, valid_to, change_type, changed_columns
        FROM hist_atmp__organisations
        UNION ALL
        SELECT 'facility', facility_id,
               coalesce(name, coalesce(organisation_name, 'Facility') || ' (' || coalesce(city, '?') || ')'),
               country_code, city, valid_from, valid_to, change_type, changed_columns
        FROM hist_atmp__facilities
    )
    SELECT valid_from AS changed_at, kind, entity_id, name, country_code, city,
           change_type AS change, changed_columns
    FROM versions
    WHERE valid_from > CAST(ts AS TIMESTAMPTZ)
    UNION ALL
    SELECT v.valid_to, v.kind, v.entity_id, v.name, v.country_code, v.city, 'removed', []
    FROM versions v
    WHERE v.valid_to > CAST(ts AS TIMESTAMPTZ)
      AND NOT EXISTS (SELECT 1 FROM versions n
                      WHERE n.kind = v.kind AND n.entity_id = v.entity_id AND n.valid_from = v.valid_to);
