-- rule: goe-orchestration-and-cli.md §5.2 (the bounds of one key-range slice)
"id" >= -5 AND "id" < 1000;
