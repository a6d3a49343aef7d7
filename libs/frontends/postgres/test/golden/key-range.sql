SELECT min("id")::text AS lo, max("id")::text AS hi FROM "sh"."sales"
