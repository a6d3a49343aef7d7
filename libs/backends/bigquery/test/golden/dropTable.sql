-- rule: goe-types-and-dialects.md §7.2 BigQuery "Drop" (NotFound ignored) and goe-orchestration-and-cli.md §1.2 --reset-backend-table
DROP TABLE IF EXISTS `acme-analytics`.`sh`.`sales`;
