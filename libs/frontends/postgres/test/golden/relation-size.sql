-- rule: goe-orchestration-and-cli.md §5.1 (--offload-transport-small-table-threshold compares the table size)
SELECT pg_catalog.pg_table_size(c.oid)::int8::text AS bytes, c.reltuples::float8 AS reltuples,
       greatest(c.relpages::int8, pg_catalog.pg_relation_size(c.oid) / current_setting('block_size')::int8)::text AS pages
FROM pg_catalog.pg_class c WHERE c.oid = $1::oid;
