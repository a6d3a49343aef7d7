-- rule: goe-types-and-dialects.md §7.3 (INSERT … SELECT with the staging → final casts)
INSERT INTO "sh"."sh"."sales" ("ID", "AMOUNT", "BIG", "RATIO", "Code ""x""", "PAYLOAD", "SALE_DATE", "T", "CREATED", "UPDATED", "YM", "DS", "MDN", "FLAG")
SELECT
  "ID" AS "ID",
  "AMOUNT" AS "AMOUNT",
  "BIG" AS "BIG",
  "RATIO" AS "RATIO",
  "Code ""x""" AS "Code ""x""",
  "PAYLOAD" AS "PAYLOAD",
  "SALE_DATE" AS "SALE_DATE",
  "T" AS "T",
  "CREATED" AS "CREATED",
  "UPDATED" AS "UPDATED",
  goe_interval_ym("YM") AS "YM",
  goe_interval_ds("DS") AS "DS",
  goe_interval_mdn("MDN") AS "MDN",
  "FLAG" AS "FLAG"
FROM "sh"."sh"."sales_load_1";
