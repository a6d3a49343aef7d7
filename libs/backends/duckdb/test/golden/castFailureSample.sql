SELECT "SALE_DATE", "CREATED", "UPDATED", "YM", "DS", "MDN"
FROM "sh"."sh"."sales_load_1"
WHERE ("SALE_DATE" IS NOT NULL AND (isinf("SALE_DATE") OR try(CAST("SALE_DATE" AS VARCHAR)) IS NULL))
   OR ("CREATED" IS NOT NULL AND (isinf("CREATED") OR try(CAST("CREATED" AS VARCHAR)) IS NULL))
   OR ("UPDATED" IS NOT NULL AND (isinf("UPDATED") OR try(CAST("UPDATED" AS VARCHAR)) IS NULL))
   OR ("YM" IS NOT NULL AND (try(goe_interval_ym("YM")) IS NULL))
   OR ("DS" IS NOT NULL AND (try(goe_interval_ds("DS")) IS NULL OR goe_interval_subus("DS")))
   OR ("MDN" IS NOT NULL AND (try(goe_interval_mdn("MDN")) IS NULL OR goe_interval_subus("MDN")))
LIMIT 50;
