DROP TABLE IF EXISTS "sh"."sh"."sales";
