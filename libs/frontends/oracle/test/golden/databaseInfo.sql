-- rule: goe-types-and-dialects.md §2.2 "Frontend API facts" (version) and the character-set rule of issue #16 (AL32UTF8 handled or refused), one statement
SELECT
  (SELECT version FROM product_component_version WHERE product LIKE 'Oracle%' FETCH FIRST 1 ROWS ONLY) AS "VERSION",
  (SELECT value FROM nls_database_parameters WHERE parameter = 'NLS_CHARACTERSET') AS "CHARSET",
  (SELECT value FROM nls_database_parameters WHERE parameter = 'NLS_NCHAR_CHARACTERSET') AS "NCHARSET"
FROM dual;
