SELECT version() AS version, current_setting('server_version_num') AS num
