-- rule: goe-types-and-dialects.md §7.3 and goe-orchestration-and-cli.md §2.5 ("Validate staged data": load table row count against the staged rows, NULLs in NOT NULL columns), one statement
SELECT CAST(COUNT(*) AS STRING) AS `n`, CAST(COUNTIF(`ID` IS NULL) AS STRING) AS `z0`, CAST(COUNTIF(`SALE_DATE` IS NULL) AS STRING) AS `z1`
FROM `acme-analytics`.`sh_load`.`sales_1`;
