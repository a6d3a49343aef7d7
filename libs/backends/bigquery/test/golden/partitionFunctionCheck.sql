-- rule: goe-types-and-dialects.md §5.5 (partition functions: must exist, exactly 1 input parameter of the column's backend type, §3.1: returning INT64), checked by calling the function once on a typed NULL
SELECT `acme-analytics`.`sh_udfs`.`region_len`(CAST(NULL AS STRING)) AS `v`;

SELECT `acme-analytics`.`sh_udfs`.`amount_bucket`(CAST(NULL AS NUMERIC(12,2))) AS `v`;
