-- rule: goe-types-and-dialects.md §2.2 "Frontend API facts": max identifier length 128 when compatible ≥ 12.2.0, else 30
SELECT value FROM v$parameter WHERE name = 'compatible';
