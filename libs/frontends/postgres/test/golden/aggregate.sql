-- rule: goe-orchestration-and-cli.md §8.1 and §1.4 (aggregate validation: count, distinct count, min, max, sum per column)
SELECT min("id")::text AS a0, count(DISTINCT "code")::int8::text AS a1 FROM "sh"."sales";
