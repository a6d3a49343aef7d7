-- rule: goe-types-and-dialects.md §7.1 step "Load staged data" (a load object over the staged files, GOE's external table)
CREATE OR REPLACE VIEW "sh"."sh"."sales_load_1" AS
SELECT "ID", "AMOUNT", "BIG", "RATIO", "Code ""x""", "PAYLOAD", "SALE_DATE", "T", "CREATED", "UPDATED", "YM", "DS", "MDN", "FLAG"
FROM read_parquet(['/srv/goe/staging/sh/sales/run-1/s0-00001.parquet', '/srv/goe/staging/sh/sales/run-1/it''s-00001.parquet']);
