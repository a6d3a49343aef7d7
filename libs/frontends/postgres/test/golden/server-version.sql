-- rule: goe-orchestration-and-cli.md §1.3 (connect reports the frontend version)
SELECT version() AS version, current_setting('server_version_num') AS num;
