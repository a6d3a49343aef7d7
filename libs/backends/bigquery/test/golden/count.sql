-- rule: goe-orchestration-and-cli.md §8.1 (post-offload verification: backend row count, whole table or the offloaded scope)
SELECT COUNT(*) AS `n` FROM `acme-analytics`.`sh`.`sales`;

SELECT COUNT(*) AS `n` FROM `acme-analytics`.`sh`.`sales` WHERE `ID` < CAST(@p0 AS INT64);
