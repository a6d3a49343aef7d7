-- rule: goe-orchestration-and-cli.md §8.1 and §1.4 (aggregate validation: count, distinct count, sum, min, max as text)
SELECT CAST(COUNT(`ID`) AS STRING) AS `a0`, CAST(COUNT(DISTINCT `ID`) AS STRING) AS `a1`, CAST(SUM(`AMOUNT`) AS STRING) AS `a2`, FORMAT_DATETIME('%Y-%m-%d %H:%M:%E6S', MIN(`CREATED`)) AS `a3`, FORMAT_TIMESTAMP('%Y-%m-%d %H:%M:%E6S+00', MAX(`UPDATED`), 'UTC') AS `a4`
FROM `acme-analytics`.`sh`.`sales` WHERE `SALE_DATE` >= CAST(@p0 AS DATE);
