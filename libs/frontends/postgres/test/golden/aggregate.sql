SELECT min("id")::text AS a0, count(DISTINCT "code")::int8::text AS a1 FROM "sh"."sales"
