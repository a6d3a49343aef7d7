-- rule: goe-types-and-dialects.md §7.1 (backend table read back into canonical columns, one statement)
SELECT column_name, data_type, is_nullable, comment FROM duckdb_columns() WHERE database_name = current_database() AND lower(schema_name) = lower($1) AND lower(table_name) = lower($2) ORDER BY column_index;
