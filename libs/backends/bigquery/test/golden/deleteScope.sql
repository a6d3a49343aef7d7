-- rule: goe-orchestration-and-cli.md §2.9 (re-run after a failed non-atomic load: the scope is deleted before the chunk is loaded again)
DELETE FROM `acme-analytics`.`sh`.`sales` WHERE `ID` >= CAST(@p0 AS INT64);

DELETE FROM `acme-analytics`.`sh`.`sales` WHERE TRUE;
