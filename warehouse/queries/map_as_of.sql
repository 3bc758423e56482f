-- The map as it was published on a date, per country (param as_of, default now)
SELECT country_code, count(*) FILTER (WHERE kind = 'organisation') AS organisations,
       count(*) FILTER (WHERE kind = 'facility') AS facilities
FROM map_as_of(coalesce(CAST(getvariable('as_of') AS TIMESTAMPTZ), now()))
GROUP BY country_code
ORDER BY organisations + facilities DESC, country_code;
