-- European facilities by latest status and operational year (null year = not stated).
SELECT status,
       operational_year,
       count(*) AS facilities,
       count(*) FILTER (WHERE list_contains(modalities, 'car-t')) AS car_t_facilities,
       list_sort(list_distinct(list(country_code))) AS countries,
       list_sort(list_distinct(list(organisation_name))) AS operators
FROM core_atmp__facilities
WHERE is_european
GROUP BY ALL
