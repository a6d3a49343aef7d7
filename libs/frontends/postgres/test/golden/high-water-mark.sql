-- source
("year" > 2012 OR ("year" = 2012 AND "month" > 6) OR ("year" = 2012 AND "month" = 6))
-- backend
("year" < 2012 OR ("year" = 2012 AND "month" < 6))
