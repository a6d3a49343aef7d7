-- rule: goe-orchestration-and-cli.md §2.4 (pre-flight: the target database exists or --create-backend-db)
SELECT count(*) FROM information_schema.schemata WHERE catalog_name = current_database() AND lower(schema_name) = lower($1);
