-- rule: goe-types-and-dialects.md §5.1 and §5.3 (subpartition offloads: HIGH_VALUE of each subpartition), one statement
SELECT s.partition_name, s.subpartition_name, s.subpartition_position, s.high_value, s.num_rows
FROM all_tab_subpartitions s
WHERE s.table_owner = :owner AND s.table_name = :table_name
ORDER BY s.partition_name, s.subpartition_position;
