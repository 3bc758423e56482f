-- EU approvals of advanced therapies per year (EMA), with the running total
SELECT authorisation_year, approvals, still_authorised, withdrawn, cumulative_approvals, products
FROM out_atmp__approvals_per_year
ORDER BY authorisation_year;
