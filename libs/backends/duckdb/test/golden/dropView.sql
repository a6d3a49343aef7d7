-- rule: goe-types-and-dialects.md §7.1 step "Drop load table" (unless --preserve-load-table)
DROP VIEW IF EXISTS "sh"."sh"."sales_load_1";
