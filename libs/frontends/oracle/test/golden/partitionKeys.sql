-- rule: goe-types-and-dialects.md §5.1 (Oracle partition schemes: partition and subpartition key columns, multi-column keys), one statement
SELECT 'PARTITION' AS kind, k.column_name, k.column_position
FROM all_part_key_columns k
WHERE k.owner = :owner AND k.name = :table_name AND k.object_type = 'TABLE'
UNION ALL
SELECT 'SUBPARTITION' AS kind, s.column_name, s.column_position
FROM all_subpart_key_columns s
WHERE s.owner = :owner AND s.name = :table_name AND s.object_type = 'TABLE'
ORDER BY 1, 3;
