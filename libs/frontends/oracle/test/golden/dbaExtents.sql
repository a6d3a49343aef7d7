-- rule: goe-orchestration-and-cli.md §5 (splitting: the extent method reads ROWID ranges of the table's extents, of the partitions in scope only); DBA_EXTENTS, with a fallback to the mod method when not granted
SELECT o.data_object_id, e.relative_fno, e.block_id, e.blocks, e.partition_name
FROM dba_extents e
JOIN all_objects o ON o.owner = e.owner AND o.object_name = e.segment_name AND o.object_type LIKE 'TABLE%'
  AND (o.subobject_name = e.partition_name OR (o.subobject_name IS NULL AND e.partition_name IS NULL))
WHERE e.owner = :owner AND e.segment_name = :table_name AND e.segment_type LIKE 'TABLE%'
ORDER BY o.data_object_id, e.relative_fno, e.block_id;
