DROP VIEW IF EXISTS "sh"."sales_load_1";
