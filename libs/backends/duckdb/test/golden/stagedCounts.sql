-- rule: goe-orchestration-and-cli.md §5.4 (row-count validation of the transport, per staged file)
SELECT goe_staged_file, count(*) AS staged_rows,
  count(*) FILTER (WHERE "ID" IS NULL) AS nulls_0,
  count(*) FILTER (WHERE "SALE_DATE" IS NULL) AS nulls_1
FROM read_parquet(['/srv/goe/staging/sh/sales/run-1/s0-00001.parquet', '/srv/goe/staging/sh/sales/run-1/it''s-00001.parquet'], filename = 'goe_staged_file')
GROUP BY goe_staged_file
ORDER BY goe_staged_file;
