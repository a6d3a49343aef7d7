-- rule: goe-types-and-dialects.md §3.1 "BigQuery → canonical" (name, type, nullability, description; one statement per table)
SELECT column_name, data_type, is_nullable
FROM `acme-analytics`.`sh`.INFORMATION_SCHEMA.COLUMNS
WHERE table_name = @table
ORDER BY ordinal_position;
