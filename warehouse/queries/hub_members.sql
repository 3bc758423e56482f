-- Who is in one hub (param hub, a hub_id or a name; default the biggest hub)
WITH chosen AS (
    SELECT hub_id FROM out_atmp__hubs
    WHERE hub_id = getvariable('hub') OR lower(name) = lower(getvariable('hub'))
       OR (getvariable('hub') IS NULL AND rank = 1)
)
SELECT h.name AS hub, s.town, m.kind, m.name, m.category, round(s.distance_km, 1) AS km_from_centre, m.modalities
FROM out_atmp__hub_sites s
JOIN chosen USING (hub_id)
JOIN out_atmp__hubs h USING (hub_id)
JOIN out_atmp__map_points m USING (point_id)
ORDER BY s.distance_km, m.name;
