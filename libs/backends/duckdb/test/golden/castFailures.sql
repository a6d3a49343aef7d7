SELECT
  count(*) FILTER (WHERE "SALE_DATE" IS NOT NULL AND (isinf("SALE_DATE") OR try(CAST("SALE_DATE" AS VARCHAR)) IS NULL)) AS failures_0,
  count(*) FILTER (WHERE "CREATED" IS NOT NULL AND (isinf("CREATED") OR try(CAST("CREATED" AS VARCHAR)) IS NULL)) AS failures_1,
  count(*) FILTER (WHERE "UPDATED" IS NOT NULL AND (isinf("UPDATED") OR try(CAST("UPDATED" AS VARCHAR)) IS NULL)) AS failures_2,
  count(*) FILTER (WHERE "YM" IS NOT NULL AND (try(goe_interval_ym("YM")) IS NULL)) AS failures_3,
  count(*) FILTER (WHERE "DS" IS NOT NULL AND (try(goe_interval_ds("DS")) IS NULL OR goe_interval_subus("DS"))) AS failures_4,
  count(*) FILTER (WHERE "MDN" IS NOT NULL AND (try(goe_interval_mdn("MDN")) IS NULL OR goe_interval_subus("MDN"))) AS failures_5
FROM "sh"."sh"."sales_load_1";
