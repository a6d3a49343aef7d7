-- rule: goe-orchestration-and-cli.md §2.3 (-t owner.table resolved case-insensitively); goe-orchestration-and-cli.md §2.4 (unknown table refused)
SELECT c.oid::int8::text AS oid, n.nspname::text AS schema, c.relname::text AS name, c.relkind::text AS relkind
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND lower(n.nspname) = lower($1) AND lower(c.relname) = lower($2)
ORDER BY n.nspname, c.relname;
