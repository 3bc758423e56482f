-- CAR-T facilities in Europe coming online by year (null year = not stated)
SELECT operational_year, status, count(*) AS facilities,
       list_sort(list(coalesce(name, organisation_name) || ' (' || coalesce(city, '?') || ', ' || coalesce(country_code, '?') || ')')) AS sites
FROM core_atmp__facilities
WHERE is_european AND list_contains(modalities, 'car-t')
GROUP BY ALL
ORDER BY operational_year NULLS LAST, status;
