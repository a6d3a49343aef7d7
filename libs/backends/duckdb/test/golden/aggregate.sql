-- rule: goe-orchestration-and-cli.md §8.1 and §1.4 (aggregate validation on the backend)
SELECT
  CAST(count("ID") AS VARCHAR) AS "count(ID)",
  CAST(count(DISTINCT "ID") AS VARCHAR) AS "count_distinct(ID)",
  CAST(sum("AMOUNT") AS VARCHAR) AS "sum(AMOUNT)",
  CASE WHEN isnan(min("RATIO")) THEN 'NaN' WHEN isinf(min("RATIO")) THEN (CASE WHEN min("RATIO") > 0 THEN 'Infinity' ELSE '-Infinity' END) ELSE CAST(min("RATIO") AS VARCHAR) END AS "min(RATIO)",
  CASE WHEN isinf(max("UPDATED")) THEN CAST(max("UPDATED") AS VARCHAR) ELSE strftime(timezone('UTC', max("UPDATED")), '%Y-%m-%dT%H:%M:%S.%fZ') END AS "max(UPDATED)",
  lower(hex(max("PAYLOAD"))) AS "max(PAYLOAD)"
FROM "sh"."sh"."sales";
