-- rule: goe-orchestration-and-cli.md §5.2 (row-source splitting by MOD of an integral key)
abs("id" % 4) = 1;
