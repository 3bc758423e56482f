-- Contract manufacturers (CDMOs) per hub, for outsourcing searches
SELECT h.rank, h.name AS hub, count(*) AS cdmos, list_sort(list(m.name)) AS names
FROM out_atmp__hub_sites s
JOIN out_atmp__hubs h USING (hub_id)
JOIN out_atmp__map_points m USING (point_id)
WHERE m.kind = 'organisation' AND m.category = 'cdmo'
GROUP BY ALL
ORDER BY cdmos DESC, h.rank;
