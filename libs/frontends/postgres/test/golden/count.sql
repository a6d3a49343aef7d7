SELECT count(*)::int8::text AS n FROM "sh"."sales" WHERE ("id" >= $1::numeric)
