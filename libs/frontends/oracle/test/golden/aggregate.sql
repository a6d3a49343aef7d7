-- rule: goe-orchestration-and-cli.md §8.1 (aggregate verification) and goe-types-and-dialects.md §2.2 (parallel hint); values as exact text: numbers 'TM', dates with a signed year, time-zoned values in UTC
SELECT /*+ PARALLEL(2) */ COUNT("ID") AS "A0", COUNT(DISTINCT "ID") AS "A1", TO_CHAR(SUM("AMOUNT"), 'TM') AS "A2", TO_CHAR(MIN("TIME_ID"), 'SYYYY-MM-DD HH24:MI:SS') AS "A3", TO_CHAR(MAX("SOLD_AT"), 'SYYYY-MM-DD HH24:MI:SS.FF9') AS "A4", TO_CHAR(SYS_EXTRACT_UTC(MAX("UPDATED")), 'SYYYY-MM-DD HH24:MI:SS.FF9') AS "A5", MAX("REGION") AS "A6"
FROM "SH"."SALES" AS OF SCN :scn
WHERE "REGION" = :p0;
