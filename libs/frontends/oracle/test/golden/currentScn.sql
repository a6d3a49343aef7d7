-- rule: goe-orchestration-and-cli.md §5 (consistent read: every slice reads AS OF one SCN, OFFLOAD_SNAPSHOT records it)
SELECT current_scn FROM v$database;
