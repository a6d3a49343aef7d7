-- rule: goe-orchestration-and-cli.md §5.2 (row-source splitting by primary-key range)
SELECT min("id")::text AS lo, max("id")::text AS hi FROM "sh"."sales";
