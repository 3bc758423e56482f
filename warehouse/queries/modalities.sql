-- Which therapy modalities the European landscape works on
SELECT modality, organisations, facilities, countries, round(100 * share_of_organisations, 1) AS pct_of_organisations,
       top_countries
FROM out_atmp__modalities
ORDER BY organisations DESC, modality;
