-- Therapy modalities on the European map (organisations and facilities in Europe).
WITH o AS (
    SELECT organisation_id, country_code, unnest(modalities) AS modality
    FROM core_atmp__organisations WHERE is_european
), f AS (
    SELECT facility_id, country_code, unnest(modalities) AS modality
    FROM core_atmp__facilities WHERE is_european
), org_counts AS (
    SELECT modality, count(DISTINCT organisation_id) AS organisations FROM o GROUP BY 1
), fac_counts AS (
    SELECT modality, count(DISTINCT facility_id) AS facilities FROM f GROUP BY 1
), by_country AS (
    SELECT modality, country_code, count(*) AS n
    FROM (SELECT modality, country_code FROM o UNION ALL SELECT modality, country_code FROM f)
    WHERE country_code IS NOT NULL
    GROUP BY ALL
), country_counts AS (
    SELECT modality, count(*) AS countries, list(country_code ORDER BY n DESC, country_code)[1:3] AS top_countries
    FROM by_country GROUP BY 1
), total AS (
    SELECT count(*) AS n FROM core_atmp__organisations WHERE is_european AND len(modalities) > 0
)
SELECT m.modality,
       coalesce(org_counts.organisations, 0) AS organisations,
       coalesce(fac_counts.facilities, 0) AS facilities,
       coalesce(country_counts.countries, 0) AS countries,
       CASE WHEN total.n = 0 THEN 0.0
            ELSE round(coalesce(org_counts.organisations, 0) / total.n, 4) END AS share_of_organisations,
       coalesce(country_counts.top_countries, []) AS top_countries
FROM (SELECT modality FROM org_counts UNION SELECT modality FROM fac_counts) m
LEFT JOIN org_counts USING (modality)
LEFT JOIN fac_counts USING (modality)
LEFT JOIN country_counts USING (modality)
CROSS JOIN total
