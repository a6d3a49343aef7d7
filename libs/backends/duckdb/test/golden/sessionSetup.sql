-- rule: architecture.md §5 (DuckDB session: threads and memory limit from the configuration)
SET TimeZone = 'UTC';

CREATE OR REPLACE TEMP MACRO goe_interval_ym(s) AS CASE WHEN regexp_full_match(s, '-?P[0-9]+Y[0-9]+M') THEN to_months(CAST((CASE WHEN starts_with(s, '-') THEN -1 ELSE 1 END) * (CAST(regexp_extract(s, 'P([0-9]+)Y', 1) AS HUGEINT) * 12 + CAST(regexp_extract(s, 'Y([0-9]+)M', 1) AS HUGEINT)) AS INTEGER)) END;

CREATE OR REPLACE TEMP MACRO goe_frac_us(f) AS CAST(left(rpad(f, 6, '0'), 6) AS BIGINT);

CREATE OR REPLACE TEMP MACRO goe_interval_ds(s) AS CASE WHEN regexp_full_match(s, '(-)?P([0-9]+)DT([0-9]+)H([0-9]+)M([0-9]+)(\.([0-9]{1,9}))?S') THEN to_days(CAST((CASE regexp_extract(s, '^(-)?P([0-9]+)DT([0-9]+)H([0-9]+)M([0-9]+)(\.([0-9]{1,9}))?S$', 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(regexp_extract(s, '^(-)?P([0-9]+)DT([0-9]+)H([0-9]+)M([0-9]+)(\.([0-9]{1,9}))?S$', 2) AS HUGEINT) AS INTEGER)) + to_microseconds(CAST((CASE regexp_extract(s, '^(-)?P([0-9]+)DT([0-9]+)H([0-9]+)M([0-9]+)(\.([0-9]{1,9}))?S$', 1) WHEN '-' THEN -1 ELSE 1 END) * (((CAST(regexp_extract(s, '^(-)?P([0-9]+)DT([0-9]+)H([0-9]+)M([0-9]+)(\.([0-9]{1,9}))?S$', 3) AS HUGEINT) * 60 + CAST(regexp_extract(s, '^(-)?P([0-9]+)DT([0-9]+)H([0-9]+)M([0-9]+)(\.([0-9]{1,9}))?S$', 4) AS HUGEINT)) * 60 + CAST(regexp_extract(s, '^(-)?P([0-9]+)DT([0-9]+)H([0-9]+)M([0-9]+)(\.([0-9]{1,9}))?S$', 5) AS HUGEINT)) * 1000000 + goe_frac_us(regexp_extract(s, '^(-)?P([0-9]+)DT([0-9]+)H([0-9]+)M([0-9]+)(\.([0-9]{1,9}))?S$', 7))) AS BIGINT)) END;

CREATE OR REPLACE TEMP MACRO goe_interval_mdn(s) AS CASE WHEN regexp_full_match(s, 'P(-?[0-9]+)M(-?[0-9]+)DT(-?)([0-9]+)(\.([0-9]{1,9}))?S') THEN to_months(CAST(regexp_extract(s, '^P(-?[0-9]+)M(-?[0-9]+)DT(-?)([0-9]+)(\.([0-9]{1,9}))?S$', 1) AS INTEGER)) + to_days(CAST(regexp_extract(s, '^P(-?[0-9]+)M(-?[0-9]+)DT(-?)([0-9]+)(\.([0-9]{1,9}))?S$', 2) AS INTEGER)) + to_microseconds(CAST((CASE regexp_extract(s, '^P(-?[0-9]+)M(-?[0-9]+)DT(-?)([0-9]+)(\.([0-9]{1,9}))?S$', 3) WHEN '-' THEN -1 ELSE 1 END) * (CAST(regexp_extract(s, '^P(-?[0-9]+)M(-?[0-9]+)DT(-?)([0-9]+)(\.([0-9]{1,9}))?S$', 4) AS HUGEINT) * 1000000 + goe_frac_us(regexp_extract(s, '^P(-?[0-9]+)M(-?[0-9]+)DT(-?)([0-9]+)(\.([0-9]{1,9}))?S$', 6))) AS BIGINT)) END;

CREATE OR REPLACE TEMP MACRO goe_interval_subus(s) AS coalesce(CAST(nullif(substr(regexp_extract(s, '\.([0-9]{1,9})S$', 1), 7), '') AS INTEGER) <> 0, false);

CREATE OR REPLACE TEMP MACRO goe_interval_us(i) AS CAST(datepart('hour', i) AS HUGEINT) * 3600000000 + datepart('minute', i) * 60000000 + datepart('microseconds', i);

CREATE OR REPLACE TEMP MACRO goe_seconds_text(us) AS concat(CASE WHEN us < 0 THEN '-' ELSE '' END, abs(us) // 1000000, CASE WHEN abs(us) % 1000000 = 0 THEN '' ELSE '.' || rtrim(lpad(CAST(abs(us) % 1000000 AS VARCHAR), 6, '0'), '0') END);

CREATE OR REPLACE TEMP MACRO goe_interval_mdn_text(i) AS CASE WHEN i IS NOT NULL THEN concat('P', datepart('year', i) * 12 + datepart('month', i), 'M', datepart('day', i), 'DT', goe_seconds_text(goe_interval_us(i)), 'S') END;

CREATE OR REPLACE TEMP MACRO goe__ym_text(m) AS concat(CASE WHEN m < 0 THEN '-' ELSE '' END, 'P', abs(m) // 12, 'Y', abs(m) % 12, 'M');

CREATE OR REPLACE TEMP MACRO goe_interval_ym_text(i) AS CASE WHEN i IS NULL THEN NULL WHEN datepart('day', i) <> 0 OR goe_interval_us(i) <> 0 THEN goe_interval_mdn_text(i) ELSE goe__ym_text(datepart('year', i) * 12 + datepart('month', i)) END;

CREATE OR REPLACE TEMP MACRO goe__ds_text(t) AS concat(CASE WHEN t < 0 THEN '-' ELSE '' END, 'P', abs(t) // 86400000000, 'DT', abs(t) % 86400000000 // 3600000000, 'H', abs(t) % 3600000000 // 60000000, 'M', goe_seconds_text(abs(t) % 60000000), 'S');

CREATE OR REPLACE TEMP MACRO goe_interval_ds_text(i) AS CASE WHEN i IS NULL THEN NULL WHEN datepart('year', i) <> 0 OR datepart('month', i) <> 0 THEN goe_interval_mdn_text(i) ELSE goe__ds_text(CAST(datepart('day', i) AS HUGEINT) * 86400000000 + goe_interval_us(i)) END;
