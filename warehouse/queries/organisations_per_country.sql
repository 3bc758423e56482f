-- Organisations per European country, by type, with facilities and hubs
SELECT country_code, country_name, organisations, developers, cdmos, academic_and_hospital,
       facilities, hubs, top_modalities
FROM out_atmp__countries
WHERE is_european
ORDER BY organisations DESC, country_code;
