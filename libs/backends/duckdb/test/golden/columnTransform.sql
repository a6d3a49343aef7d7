-- rule: goe-orchestration-and-cli.md §1.2 --transform-column (null, suppress, regexp_replace, translate)
SELECT CAST(NULL AS DECIMAL(12,2));

SELECT regexp_replace("C", 'it''s \d+', '\1''x', 'g');

SELECT translate(CAST("C" AS VARCHAR), 'äb''', 'x\y');
