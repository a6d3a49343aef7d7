-- rule: goe-types-and-dialects.md §7.2 BigQuery "Insert" and §7.3 (staging → final casts); timestamps from INT64 microseconds (docs/backend-bigquery-notes.md)
INSERT INTO `acme-analytics`.`sh`.`sales` (`ID`, `SALE_DATE`, `AMOUNT`, `CREATED`, `UPDATED`, `T`)
SELECT
  `ID`,
  `SALE_DATE`,
  CAST(`AMOUNT` AS NUMERIC(12,2)),
  DATETIME(TIMESTAMP_MICROS(`CREATED`)),
  TIMESTAMP_MICROS(`UPDATED`),
  TIME(TIMESTAMP_MICROS(`T`))
FROM `acme-analytics`.`sh_load`.`sales`;
