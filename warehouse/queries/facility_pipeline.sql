-- The European facility pipeline by status and operational year
SELECT status, operational_year, facilities, car_t_facilities, countries, operators
FROM out_atmp__facility_pipeline
ORDER BY CASE status WHEN 'announced' THEN 1 WHEN 'under_construction' THEN 2 WHEN 'operational' THEN 3
                     WHEN 'expanded' THEN 4 ELSE 5 END, operational_year NULLS LAST;
