-- rule: goe-types-and-dialects.md §2.1 (source columns with type, precision, scale, length, nullability)
WITH RECURSIVE cols AS (
  SELECT a.attnum, a.attname, a.attnotnull AS notnull, a.atttypid AS decl, a.atttypid AS typid, a.atttypmod AS typmod,
         pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS dflt
  FROM pg_catalog.pg_attribute a
  LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
  SELECT c.attnum, c.attname, c.notnull OR t.typnotnull, c.decl, t.typbasetype,
         CASE WHEN c.typmod = -1 THEN t.typtypmod ELSE c.typmod END, c.dflt
  FROM cols c JOIN pg_catalog.pg_type t ON t.oid = c.typid
  WHERE t.typtype = 'd'
)
SELECT c.attnum::int4 AS attnum, c.attname::text AS name, c.notnull, c.dflt,
       t.typname::text AS typname, t.typtype::text AS typtype, t.typcategory::text AS typcategory,
       c.typmod::int4 AS typmod, pg_catalog.format_type(c.typid, c.typmod) AS formatted,
       pg_catalog.format_type(c.decl, NULL) AS declared
FROM cols c JOIN pg_catalog.pg_type t ON t.oid = c.typid
WHERE t.typtype <> 'd'
ORDER BY c.attnum;
