-- rule: goe-types-and-dialects.md §4.3 and §4.4 (predicate rendered with literals inside COPY, which takes no parameters)
("id" >= (-10) AND "Note" NOT IN ('O''Brien', E'a\\b') AND ('2020-01-01'::date < "sale_date" OR "created" = '2020-01-01 12:00:00.5'::timestamp OR "created" IS NULL));
