-- rule: goe-types-and-dialects.md §2.2 "Partition metadata" (ALL_PART_TABLES.partitioning_type / subpartitioning_type; interval tables report RANGE with an INTERVAL) and issue #16 (IOT detection, row estimates), one statement
SELECT t.iot_type, t.temporary, t.partitioned, t.num_rows, t.compression, p.partitioning_type,
  p.subpartitioning_type, p."INTERVAL"
FROM all_tables t
LEFT JOIN all_part_tables p ON p.owner = t.owner AND p.table_name = t.table_name
WHERE t.owner = :owner AND t.table_name = :table_name;
