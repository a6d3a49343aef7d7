-- rule: goe-types-and-dialects.md §7.2 BigQuery "Final table" (NOT NULL, PARTITION BY DATE/DATETIME/TIMESTAMP_TRUNC or RANGE_BUCKET, CLUSTER BY, OPTIONS) with the types of §3.1; interval types recorded in the column description
CREATE TABLE `acme-analytics`.`sh`.`sales` (
  `ID` INT64 NOT NULL,
  `AMOUNT` NUMERIC(12,2),
  `BIG` BIGNUMERIC(40,10),
  `Code x` STRING(3),
  `PAYLOAD` BYTES,
  `SALE_DATE` DATE NOT NULL,
  `T` TIME,
  `CREATED` DATETIME,
  `UPDATED` TIMESTAMP,
  `DS` STRING OPTIONS (description = 'goe:INTERVAL_DS'),
  `RATIO` FLOAT64,
  `FLAG` BOOL
);

CREATE TABLE `acme-analytics`.`sh`.`sales_by_month` (
  `ID` INT64 NOT NULL,
  `AMOUNT` NUMERIC(12,2),
  `BIG` BIGNUMERIC(40,10),
  `Code x` STRING(3),
  `PAYLOAD` BYTES,
  `SALE_DATE` DATE NOT NULL
)
PARTITION BY DATE_TRUNC(`SALE_DATE`, MONTH)
CLUSTER BY `ID`, `AMOUNT`
OPTIONS (description = 'Offloaded from SH.SALES by GOE');

CREATE TABLE `acme-analytics`.`sh`.`sales_by_id` (
  `ID` INT64 NOT NULL,
  `AMOUNT` NUMERIC(12,2)
)
PARTITION BY RANGE_BUCKET(`ID`, GENERATE_ARRAY(0, 1000000, 1000));

CREATE TABLE `acme-analytics`.`sh`.`sales_by_day` (
  `ID` INT64 NOT NULL,
  `UPDATED` TIMESTAMP
)
PARTITION BY TIMESTAMP_TRUNC(`UPDATED`, DAY);
