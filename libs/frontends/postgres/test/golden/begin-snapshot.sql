-- rule: goe-orchestration-and-cli.md §5 (consistent read: one snapshot for every slice, --offload-transport-consistent-read)
BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;
