DROP TABLE IF EXISTS "sh"."sales";
