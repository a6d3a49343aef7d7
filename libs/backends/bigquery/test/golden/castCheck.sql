-- rule: goe-types-and-dialects.md §7.3 (staging → final casts validated before the final load: GOE's "Validate type conversions", one statement per chunk); conversions of the staging encoding (src/load-sql.ts)
SELECT CAST(COUNTIF(`AMOUNT` IS NOT NULL AND (NOT REGEXP_CONTAINS(`AMOUNT`, r'^-?(0|[0-9]{1,10})(\.[0-9]{1,2})?$'))) AS STRING) AS `c0`,
  CAST(COUNTIF(`BIG` IS NOT NULL AND (NOT REGEXP_CONTAINS(`BIG`, r'^-?(0|[0-9]{1,30})(\.[0-9]{1,10})?$'))) AS STRING) AS `c1`,
  CAST(COUNTIF(`CREATED` IS NOT NULL AND (`CREATED` < -62135596800000000 OR `CREATED` > 253402300799999999)) AS STRING) AS `c2`,
  CAST(COUNTIF(`T` IS NOT NULL AND (`T` < 0 OR `T` > 86399999999)) AS STRING) AS `c3`,
  CAST(COUNTIF(`PAYLOAD` IS NOT NULL AND (SAFE.FROM_BASE64(`PAYLOAD`) IS NULL)) AS STRING) AS `c4`,
  CAST(COUNTIF(`Code x` IS NOT NULL AND (LENGTH(`Code x`) > 3)) AS STRING) AS `c5`
FROM `acme-analytics`.`sh_load`.`sales_1`;
