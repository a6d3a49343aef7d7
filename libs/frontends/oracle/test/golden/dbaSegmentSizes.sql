-- rule: goe-types-and-dialects.md §2.1 (sampling percentage from the table's size) and goe-orchestration-and-cli.md §5 (small-table threshold); DBA_SEGMENTS, with a fallback to row estimates when not granted
SELECT s.partition_name, SUM(s.bytes) AS bytes
FROM dba_segments s
WHERE s.owner = :owner AND s.segment_name = :table_name AND s.segment_type LIKE 'TABLE%'
GROUP BY s.partition_name;
