-- rule: goe-orchestration-and-cli.md §5 (the exported snapshot the parallel slices import)
SELECT pg_catalog.pg_export_snapshot() AS id;
