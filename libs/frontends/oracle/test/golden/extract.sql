-- rule: goe-orchestration-and-cli.md §5 (each slice reads AS OF the offload's SCN; split by partition, subpartition or ROWID range); each column in its exact wire form: DATE/TIMESTAMP as server TO_CHAR text with a signed year and nine fractional digits, time-zoned ones in UTC (SYS_EXTRACT_UTC), others read by the driver's fetch type handler
SELECT "ID", TO_CHAR("TIME_ID", 'SYYYY-MM-DD HH24:MI:SS') AS "TIME_ID", TO_CHAR("SOLD_AT", 'SYYYY-MM-DD HH24:MI:SS.FF9') AS "SOLD_AT", TO_CHAR(SYS_EXTRACT_UTC("UPDATED"), 'SYYYY-MM-DD HH24:MI:SS.FF9') AS "UPDATED"
FROM "SH"."SALES" AS OF SCN :scn;

SELECT "ID", "AMOUNT"
FROM "SH"."SALES" SUBPARTITION ("SP_1") AS OF SCN :scn
WHERE ROWID BETWEEN CHARTOROWID(:lo) AND CHARTOROWID(:hi);
