-- rule: goe-types-and-dialects.md §7.2 BigQuery "Create dataset" (description, location) and goe-orchestration-and-cli.md §2.5 step 4 (--create-backend-db, final and load datasets)
CREATE SCHEMA IF NOT EXISTS `acme-analytics`.`sh` OPTIONS (description = 'Offload dataset for GOE', location = 'US');

CREATE SCHEMA IF NOT EXISTS `acme-analytics`.`sh_load` OPTIONS (description = 'Offload load dataset for GOE\'s staging');
