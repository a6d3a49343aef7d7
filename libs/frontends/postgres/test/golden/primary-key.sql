-- rule: goe-orchestration-and-cli.md §1.2 --sort-columns (primary key by default); goe-types-and-dialects.md §2.1
SELECT a.attname::text AS name
FROM pg_catalog.pg_index i
CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
WHERE i.indrelid = $1::oid AND i.indisprimary
ORDER BY k.ord;
