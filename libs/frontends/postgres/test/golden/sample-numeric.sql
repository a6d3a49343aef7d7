-- rule: goe-types-and-dialects.md §2.1 (data sampling sizes unbounded numerics; --data-sample-percent)
SELECT max(CASE WHEN "big"::numeric IN ('NaN', 'Infinity', '-Infinity') THEN NULL WHEN abs("big"::numeric) < 1 THEN 0 ELSE length(trunc(abs("big"::numeric))::text) END)::int4 AS i0,
       max(CASE WHEN "big"::numeric IN ('NaN', 'Infinity', '-Infinity') THEN NULL ELSE min_scale("big"::numeric) END)::int4 AS s0,
       count(*) FILTER (WHERE "big"::numeric IN ('NaN', 'Infinity', '-Infinity'))::int8::text AS x0,
       max(CASE WHEN "Mixed""Case"::numeric IN ('NaN', 'Infinity', '-Infinity') THEN NULL WHEN abs("Mixed""Case"::numeric) < 1 THEN 0 ELSE length(trunc(abs("Mixed""Case"::numeric))::text) END)::int4 AS i1,
       max(CASE WHEN "Mixed""Case"::numeric IN ('NaN', 'Infinity', '-Infinity') THEN NULL ELSE min_scale("Mixed""Case"::numeric) END)::int4 AS s1,
       count(*) FILTER (WHERE "Mixed""Case"::numeric IN ('NaN', 'Infinity', '-Infinity'))::int8::text AS x1
FROM "sh"."sales" TABLESAMPLE SYSTEM (12.5);
