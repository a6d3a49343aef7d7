-- rule: goe-types-and-dialects.md §4.5 (high-water-mark clauses: source form, then backend form, multi-column tuple)
SELECT * FROM "sh"."sales" WHERE ("year" > 2012 OR ("year" = 2012 AND "month" > 6) OR ("year" = 2012 AND "month" = 6));
SELECT * FROM "sh"."sales" WHERE ("year" < 2012 OR ("year" = 2012 AND "month" < 6));
