-- rule: goe-types-and-dialects.md §7.2 (CREATE TABLE from canonical columns, NOT NULL where supported) and §3.6
CREATE TABLE "sh"."sh"."sales" (
  "ID" BIGINT NOT NULL,
  "AMOUNT" DECIMAL(12,2),
  "BIG" DECIMAL(38,0),
  "RATIO" DOUBLE,
  "Code ""x""" VARCHAR,
  "PAYLOAD" BLOB,
  "SALE_DATE" DATE NOT NULL,
  "T" TIME,
  "CREATED" TIMESTAMP_NS,
  "UPDATED" TIMESTAMP WITH TIME ZONE,
  "YM" INTERVAL,
  "DS" INTERVAL,
  "MDN" INTERVAL,
  "FLAG" BOOLEAN
);

COMMENT ON COLUMN "sh"."sh"."sales"."YM" IS 'goe:INTERVAL_YM';

COMMENT ON COLUMN "sh"."sh"."sales"."DS" IS 'goe:INTERVAL_DS';

COMMENT ON COLUMN "sh"."sh"."sales"."MDN" IS 'goe:INTERVAL_MDN';
