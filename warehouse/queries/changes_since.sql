-- What changed on the map since a date (param since, default 30 days ago)
SELECT changed_at, change, kind, name, country_code, city, changed_columns
FROM changes_since(coalesce(CAST(getvariable('since') AS TIMESTAMPTZ), now() - INTERVAL 30 DAY))
ORDER BY changed_at DESC, kind, name;
