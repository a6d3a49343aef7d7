-- rule: goe-orchestration-and-cli.md §2.6 (multi-column partition keys: maximum tuple and distinct tuples in one query)
SELECT CAST("SALE_DATE" AS VARCHAR), CAST("ID" AS VARCHAR)
FROM "sh"."sh"."sales"
WHERE "SALE_DATE" IS NOT NULL AND "ID" IS NOT NULL
ORDER BY "SALE_DATE" DESC, "ID" DESC
LIMIT 1;

SELECT DISTINCT CAST("SALE_DATE" AS VARCHAR), "Code ""x"""
FROM "sh"."sh"."sales";
