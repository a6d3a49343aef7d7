-- rule: goe-orchestration-and-cli.md §5.2 (row-source splitting by physical block range)
ctid >= '(128,0)'::tid;
