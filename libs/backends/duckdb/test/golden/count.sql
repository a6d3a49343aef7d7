-- rule: goe-orchestration-and-cli.md §8.1 (post-offload verification: backend row count of the offloaded scope)
SELECT count(*) FROM "sh"."sh"."sales"
WHERE ("ID" < CAST($1 AS DECIMAL(2,0)) AND "SALE_DATE" >= CAST($2 AS DATE));
