-- rule: goe-types-and-dialects.md §8 (the staged file schema checked against the plan)
DESCRIBE "sh"."sh"."sales_load_1";
