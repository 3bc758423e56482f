-- EU approvals of advanced therapies per year of authorisation (EMA source).
-- Approvals without an authorisation date are left out (they are few and counted by a check).
WITH per_year AS (
    SELECT authorisation_year,
           count(*) AS approvals,
           count(*) FILTER (WHERE status = 'authorised') AS still_authorised,
           count(*) FILTER (WHERE status <> 'authorised') AS withdrawn,
           list_sort(list(product_name)) AS products,
           list_sort(list_distinct(list(holder))) AS holders
    FROM core_atmp__approvals
    WHERE authorisation_year IS NOT NULL
    GROUP BY 1
)
SELECT authorisation_year, approvals, still_authorised, withdrawn,
       CAST(sum(approvals) OVER (ORDER BY authorisation_year) AS BIGINT) AS cumulative_approvals,
       products, holders
FROM per_year
