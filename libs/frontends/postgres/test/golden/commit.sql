-- rule: goe-orchestration-and-cli.md §5 (the snapshot transaction ends after the last slice)
COMMIT;
