-- rule: goe-orchestration-and-cli.md §4.5 and §5.3 (high-water mark and partition-key appends: the maximum key tuple, or every distinct tuple), one statement
SELECT FORMAT_DATE('%Y-%m-%d', `SALE_DATE`) AS `k0`, CAST(`ID` AS STRING) AS `k1`
FROM `acme-analytics`.`sh`.`sales`
WHERE `SALE_DATE` IS NOT NULL AND `ID` IS NOT NULL
ORDER BY `SALE_DATE` DESC, `ID` DESC
LIMIT 1;

SELECT DISTINCT FORMAT_DATETIME('%Y-%m-%d %H:%M:%E6S', `CREATED`) AS `k0`, FORMAT_TIMESTAMP('%Y-%m-%d %H:%M:%E6S+00', `UPDATED`, 'UTC') AS `k1`
FROM `acme-analytics`.`sh`.`sales`;
