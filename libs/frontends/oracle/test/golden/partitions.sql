-- rule: goe-types-and-dialects.md §2.2 "Partition metadata" (HIGH_VALUE text decoded by src/high-value.ts) and §5.3 (offload variants by partition), one statement for every partition
SELECT p.partition_name, p.partition_position, p.high_value, p.num_rows, p.subpartition_count
FROM all_tab_partitions p
WHERE p.table_owner = :owner AND p.table_name = :table_name
ORDER BY p.partition_position;
