-- rule: goe-types-and-dialects.md §4.5 (high-water mark read back from the backend table)
SELECT CAST(MAX(`SALE_DATE`) AS STRING) AS `v` FROM `acme-analytics`.`sh`.`sales`;
