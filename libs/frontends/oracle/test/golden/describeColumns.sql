-- rule: goe-types-and-dialects.md §2.2 "From the dictionary" (ALL_TAB_COLS, non-hidden columns, ordered by column_id; CHAR_USED gives the semantics); virtual columns marked
SELECT c.column_name, c.data_type, c.data_length, c.data_precision, c.data_scale, c.char_length, c.char_used,
  c.nullable, c.virtual_column
FROM all_tab_cols c
WHERE c.owner = :owner AND c.table_name = :table_name AND c.hidden_column = 'NO'
ORDER BY c.column_id;
