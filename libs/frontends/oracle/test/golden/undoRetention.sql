-- rule: goe-orchestration-and-cli.md §5 (consistent read: every slice reads AS OF one SCN; a read longer than the undo kept fails with ORA-01555) and issue #16 (goe connect reports undo retention)
SELECT value FROM v$parameter WHERE name = 'undo_retention';
