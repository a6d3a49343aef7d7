-- rule: goe-types-and-dialects.md §4.5 (high-water mark read back from the backend table)
SELECT CASE WHEN isinf(max("CREATED")) THEN CAST(max("CREATED") AS VARCHAR) ELSE strftime(max("CREATED"), '%Y-%m-%dT%H:%M:%S.%n') END
FROM "sh"."sh"."sales";
