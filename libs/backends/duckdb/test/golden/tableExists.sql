-- rule: goe-orchestration-and-cli.md §2.9 (re-run matrix: does the target table exist)
SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database() AND lower(table_schema) = lower($1) AND lower(table_name) = lower($2) AND table_type = 'BASE TABLE';
