-- rule: goe-orchestration-and-cli.md §8.1 (post-offload verification: source row count of the offloaded scope)
SELECT count(*)::int8::text AS n FROM "sh"."sales" WHERE ("id" >= $1::numeric);
