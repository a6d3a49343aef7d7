-- rule: goe-orchestration-and-cli.md §5.2 (row-source splitting: one slice by block range); architecture.md §5 (COPY binary)
COPY (SELECT "id", "amount", "note"::text FROM "sh"."sales" WHERE (ctid >= '(0,0)'::tid AND ctid < '(128,0)'::tid)) TO STDOUT (FORMAT binary);
