-- rule: goe-types-and-dialects.md §7.1 (a load object for a chunk with no staged rows)
CREATE OR REPLACE VIEW "sh"."sh"."sales_load_1" AS
SELECT CAST(NULL AS BIGINT) AS "ID", CAST(NULL AS DECIMAL(12,2)) AS "AMOUNT", CAST(NULL AS DECIMAL(38,0)) AS "BIG"
LIMIT 0;
