-- rule: goe-orchestration-and-cli.md §5 (each slice reads AS OF the offload's SCN; split by partition, subpartition or ROWID range); columns as they are, converted by the driver's fetch type handlers
SELECT "ID", "TIME_ID", "AMOUNT"
FROM "SH"."SALES" AS OF SCN :scn;

SELECT "ID", "AMOUNT"
FROM "SH"."SALES" SUBPARTITION ("SP_1") AS OF SCN :scn
WHERE ROWID BETWEEN CHARTOROWID(:lo) AND CHARTOROWID(:hi);
