-- rule: goe-orchestration-and-cli.md §5.2 (splitting an index-organized table by id_range: the key's MIN and MAX bound the ranges), as exact text (TM), AS OF SCN: §5 consistent read
SELECT TO_CHAR(MIN("ID"), 'TM') AS "LO", TO_CHAR(MAX("ID"), 'TM') AS "HI"
FROM "SH"."SALES_IOT" AS OF SCN :scn;
