-- The hubs: sites clustered by distance, named after their main town
SELECT rank, name, country_code, sites, organisations, facilities, radius_km, towns, top_modalities
FROM out_atmp__hubs
ORDER BY rank;
