-- rule: goe-types-and-dialects.md §4.1 and §4.3 (offload predicate DSL rendered with bind parameters)
("id" >= CAST($1 AS numeric) AND "Note" NOT IN ($2, $3) AND (CAST($4 AS date) < "sale_date" OR "created" = CAST($5 AS timestamp) OR "created" IS NULL))
-- params: ["-10","O'Brien","a\\b","2020-01-01","2020-01-01 12:00:00.5"];
