-- rule: goe-orchestration-and-cli.md §1.2 --reset-backend-table (drop the final table)
DROP TABLE IF EXISTS "sh"."sh"."sales";
