-- rule: goe-orchestration-and-cli.md §8.1 (verification counts of source and backend) and goe-types-and-dialects.md §2.2 (parallel hint: 0/1 → NO_PARALLEL, n → PARALLEL(n)); AS OF SCN: §5 consistent read; several partitions in one statement: a UNION ALL of one branch per partition (GOE's ≤ 1024 branches), no statement per partition
SELECT COUNT(*) AS "N"
FROM "SH"."SALES";

SELECT /*+ PARALLEL(4) */ COUNT(*) AS "N"
FROM "SH"."SALES" AS OF SCN :scn
WHERE "TIME_ID" < :p0;

SELECT /*+ NO_PARALLEL */ COUNT(*) AS "N"
FROM "SH"."SALES" PARTITION ("SALES_2024_Q1") AS OF SCN :scn;

SELECT /*+ NO_PARALLEL */ COUNT(*) AS "N"
FROM (
  SELECT * FROM "SH"."SALES" PARTITION ("SALES_2024_Q1") AS OF SCN :scn
  UNION ALL
  SELECT * FROM "SH"."SALES" PARTITION ("SALES_2024_Q2") AS OF SCN :scn
) v
WHERE "AMOUNT" > :bind_0;
