SELECT count(*) FROM information_schema.schemata WHERE catalog_name = current_database() AND lower(schema_name) = lower($1);
