-- rule: goe-types-and-dialects.md §4.5 (high-water mark read back from the backend table)
SELECT FORMAT_DATE('%Y-%m-%d', MAX(`SALE_DATE`)) AS `v` FROM `acme-analytics`.`sh`.`sales`;

SELECT CAST(MAX(`ID`) AS STRING) AS `v` FROM `acme-analytics`.`sh`.`sales`;
