DROP VIEW IF EXISTS "sh"."sh"."sales_load_1";
