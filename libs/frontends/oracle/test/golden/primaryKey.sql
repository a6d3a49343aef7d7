-- rule: goe-types-and-dialects.md §5.4 (the primary key is the default sort/cluster columns) — ALL_CONSTRAINTS type 'P', columns in key order
SELECT cc.column_name
FROM all_constraints c
JOIN all_cons_columns cc ON cc.owner = c.owner AND cc.constraint_name = c.constraint_name
WHERE c.owner = :owner AND c.table_name = :table_name AND c.constraint_type = 'P'
ORDER BY cc.position;
