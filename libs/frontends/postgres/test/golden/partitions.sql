-- rule: goe-types-and-dialects.md §5.1 (partitions and their high values, one statement for all of them: no N+1)
WITH RECURSIVE tree AS (
  SELECT i.inhrelid AS oid, i.inhparent AS parent, 1 AS level
  FROM pg_catalog.pg_inherits i WHERE i.inhparent = $1::oid
  UNION ALL
  SELECT i.inhrelid, i.inhparent, t.level + 1
  FROM pg_catalog.pg_inherits i JOIN tree t ON i.inhparent = t.oid
)
SELECT t.oid::int8::text AS oid, t.parent::int8::text AS parent, t.level::int4 AS level,
       n.nspname::text AS schema, c.relname::text AS name, c.relkind::text AS relkind,
       pg_catalog.pg_get_expr(c.relpartbound, c.oid) AS bound,
       pt.partstrat::text AS substrategy,
       CASE WHEN pt.partrelid IS NULL THEN NULL ELSE (SELECT json_agg(CASE WHEN k.attnum = 0 THEN NULL ELSE a.attname::text END ORDER BY k.ord)::text
   FROM unnest(pt.partattrs::int2[]) WITH ORDINALITY AS k(attnum, ord)
   LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = k.attnum) END AS subcolumns,
       c.reltuples::float8 AS reltuples, pg_catalog.pg_table_size(c.oid)::int8::text AS bytes,
       greatest(c.relpages::int8, pg_catalog.pg_relation_size(c.oid) / current_setting('block_size')::int8)::text AS pages
FROM tree t
JOIN pg_catalog.pg_class c ON c.oid = t.oid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_partitioned_table pt ON pt.partrelid = c.oid
ORDER BY t.level, c.relname;
