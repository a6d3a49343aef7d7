-- rule: goe-orchestration-and-cli.md §8.1 and §1.4 (aggregate validation: count, distinct count, sum, min, max as text)
SELECT CAST(COUNT(`ID`) AS STRING) AS `a0`, CAST(COUNT(DISTINCT `ID`) AS STRING) AS `a1`, CAST(SUM(`AMOUNT`) AS STRING) AS `a2`, CAST(MIN(`CREATED`) AS STRING) AS `a3`, CAST(MAX(`UPDATED`) AS STRING) AS `a4`
FROM `acme-analytics`.`sh`.`sales` WHERE `SALE_DATE` >= CAST(@p0 AS DATE);
