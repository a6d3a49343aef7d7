COPY (SELECT "id", "amount", "note"::text FROM "sh"."sales" WHERE (ctid >= '(0,0)'::tid AND ctid < '(128,0)'::tid)) TO STDOUT (FORMAT binary)
