-- Organisations, facilities, hubs and approvals per country.
-- Needs the temp table _country_names(country_code, country_name, is_european)
-- and out_atmp__hubs (built first).
WITH orgs AS (
    SELECT o.country_code,
           count(*) AS organisations,
           count(m.point_id) AS organisations_on_map,
           count(*) FILTER (WHERE o.org_type = 'developer') AS developers,
           count(*) FILTER (WHERE o.org_type = 'cdmo') AS cdmos,
           count(*) FILTER (WHERE o.org_type IN ('academic', 'hospital')) AS academic_and_hospital,
           count(*) FILTER (WHERE o.org_type = 'supplier') AS suppliers
    FROM core_atmp__organisations o
    LEFT JOIN out_atmp__map_points m ON m.point_id = 'org:' || o.organisation_id
    WHERE o.country_code IS NOT NULL
    GROUP BY 1
), facs AS (
    SELECT country_code,
           count(*) AS facilities,
           count(*) FILTER (WHERE status IN ('operational', 'expanded')) AS facilities_operational,
           count(*) FILTER (WHERE status IN ('announced', 'under_construction')) AS facilities_planned
    FROM core_atmp__facilities
    WHERE country_code IS NOT NULL
    GROUP BY 1
), hubs AS (
    SELECT country_code, count(*) AS hubs FROM out_atmp__hubs GROUP BY 1
), approvals AS (
    SELECT o.country_code, count(*) AS approvals_held
    FROM core_atmp__approvals a JOIN core_atmp__organisations o ON o.organisation_id = a.organisation_id
    WHERE o.country_code IS NOT NULL
    GROUP BY 1
), modality_counts AS (
    SELECT country_code, modality, count(*) AS n
    FROM (SELECT country_code, unnest(modalities) AS modality FROM core_atmp__organisations
          UNION ALL
          SELECT country_code, unnest(modalities) AS modality FROM core_atmp__facilities)
    WHERE country_code IS NOT NULL
    GROUP BY ALL
), top AS (
    SELECT country_code, list(modality ORDER BY n DESC, modality)[1:3] AS top_modalities
    FROM modality_counts GROUP BY 1
), countries AS (
    SELECT country_code FROM orgs UNION SELECT country_code FROM facs
)
SELECT c.country_code,
       coalesce(n.country_name, c.country_code) AS country_name,
       coalesce(n.is_european, false) AS is_european,
       coalesce(orgs.organisations, 0) AS organisations,
       coalesce(orgs.organisations_on_map, 0) AS organisations_on_map,
       coalesce(orgs.developers, 0) AS developers,
       coalesce(orgs.cdmos, 0) AS cdmos,
       coalesce(orgs.academic_and_hospital, 0) AS academic_and_hospital,
       coalesce(orgs.suppliers, 0) AS suppliers,
       coalesce(facs.facilities, 0) AS facilities,
       coalesce(facs.facilities_operational, 0) AS facilities_operational,
       coalesce(facs.facilities_planned, 0) AS facilities_planned,
       coalesce(hubs.hubs, 0) AS hubs,
       coalesce(approvals.approvals_held, 0) AS approvals_held,
       coalesce(top.top_modalities, []) AS top_modalities
FROM countries c
LEFT JOIN _country_names n USING (country_code)
LEFT JOIN orgs USING (country_code)
LEFT JOIN facs USING (country_code)
LEFT JOIN hubs USING (country_code)
LEFT JOIN approvals USING (country_code)
LEFT JOIN top USING (country_code)
