SELECT count(*) FROM "sh"."sh"."sales"
WHERE ("ID" < CAST($1 AS DECIMAL(2,0)) AND "SALE_DATE" >= CAST($2 AS DATE));
