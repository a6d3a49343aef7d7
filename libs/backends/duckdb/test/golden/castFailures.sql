-- rule: goe-types-and-dialects.md §7.3 (staging → final casts: values a cast would lose are counted before the load)
SELECT
  count(*) FILTER (WHERE "SALE_DATE" IS NOT NULL AND (isinf("SALE_DATE") OR CASE WHEN "SALE_DATE" NOT BETWEEN DATE '0001-01-01' AND DATE '9999-12-31' THEN try(CAST("SALE_DATE" AS VARCHAR)) IS NULL ELSE false END)) AS failures_0,
  count(*) FILTER (WHERE "CREATED" IS NOT NULL AND (isinf("CREATED") OR CASE WHEN "CREATED" NOT BETWEEN TIMESTAMP_NS '1700-01-01' AND TIMESTAMP_NS '2200-01-01' THEN try(CAST("CREATED" AS VARCHAR)) IS NULL ELSE false END)) AS failures_1,
  count(*) FILTER (WHERE "UPDATED" IS NOT NULL AND (isinf("UPDATED") OR CASE WHEN "UPDATED" NOT BETWEEN TIMESTAMPTZ '0001-01-02 00:00:00+00' AND TIMESTAMPTZ '9999-12-30 23:59:59.999999+00' THEN try(CAST("UPDATED" AS VARCHAR)) IS NULL ELSE false END)) AS failures_2,
  count(*) FILTER (WHERE "YM" IS NOT NULL AND (try(goe_interval_ym("YM")) IS NULL)) AS failures_3,
  count(*) FILTER (WHERE "DS" IS NOT NULL AND (try(goe_interval_ds("DS")) IS NULL OR goe_interval_subus("DS"))) AS failures_4,
  count(*) FILTER (WHERE "MDN" IS NOT NULL AND (try(goe_interval_mdn("MDN")) IS NULL OR goe_interval_subus("MDN"))) AS failures_5
FROM "sh"."sh"."sales_load_1";
