-- rule: goe-orchestration-and-cli.md §1.2 --offload-transport-snapshot; §5 (each slice imports the exported snapshot)
SET TRANSACTION SNAPSHOT '00000003-0000001B-1';
