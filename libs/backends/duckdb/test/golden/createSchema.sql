-- rule: goe-types-and-dialects.md §7.1 step "Create backend database" and goe-orchestration-and-cli.md §2.5 step 4 (--create-backend-db)
CREATE SCHEMA IF NOT EXISTS "sh"."sh";
