-- rule: architecture.md §9 (read-back of every value in canonical text, for fidelity checks)
SELECT
  CAST("ID" AS VARCHAR) AS "ID",
  CAST("AMOUNT" AS VARCHAR) AS "AMOUNT",
  CAST("BIG" AS VARCHAR) AS "BIG",
  CASE WHEN isnan("RATIO") THEN 'NaN' WHEN isinf("RATIO") THEN (CASE WHEN "RATIO" > 0 THEN 'Infinity' ELSE '-Infinity' END) ELSE CAST("RATIO" AS VARCHAR) END AS "RATIO",
  "Code ""x""" AS "Code ""x""",
  lower(hex("PAYLOAD")) AS "PAYLOAD",
  CAST("SALE_DATE" AS VARCHAR) AS "SALE_DATE",
  CAST("T" AS VARCHAR) AS "T",
  CASE WHEN isinf("CREATED") THEN CAST("CREATED" AS VARCHAR) ELSE strftime("CREATED", '%Y-%m-%dT%H:%M:%S.%n') END AS "CREATED",
  CASE WHEN isinf("UPDATED") THEN CAST("UPDATED" AS VARCHAR) ELSE strftime(timezone('UTC', "UPDATED"), '%Y-%m-%dT%H:%M:%S.%fZ') END AS "UPDATED",
  goe_interval_ym_text("YM") AS "YM",
  goe_interval_ds_text("DS") AS "DS",
  goe_interval_mdn_text("MDN") AS "MDN",
  CAST("FLAG" AS VARCHAR) AS "FLAG"
FROM "sh"."sh"."sales"
ORDER BY "ID";
