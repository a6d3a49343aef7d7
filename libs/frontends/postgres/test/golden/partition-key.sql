-- rule: goe-types-and-dialects.md §5.1 (partition scheme and key columns of the source table)
SELECT pt.partstrat::text AS strategy, pg_catalog.pg_get_partkeydef(pt.partrelid) AS keydef,
  (SELECT json_agg(CASE WHEN k.attnum = 0 THEN NULL ELSE a.attname::text END ORDER BY k.ord)::text
   FROM unnest(pt.partattrs::int2[]) WITH ORDINALITY AS k(attnum, ord)
   LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = k.attnum) AS columns
FROM pg_catalog.pg_partitioned_table pt
WHERE pt.partrelid = $1::oid;
