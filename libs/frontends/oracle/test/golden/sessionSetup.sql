-- rule: goe-orchestration-and-cli.md §7.2 (Oracle session) and docs/frontend-oracle-notes.md: values read unambiguously — ISO formats with a signed year and nine fractional digits, '.' as the decimal separator, a UTC session time zone (TIMESTAMP WITH LOCAL TIME ZONE read as UTC instants)
ALTER SESSION SET NLS_DATE_FORMAT = 'SYYYY-MM-DD HH24:MI:SS';

ALTER SESSION SET NLS_TIMESTAMP_FORMAT = 'SYYYY-MM-DD HH24:MI:SS.FF9';

ALTER SESSION SET NLS_TIMESTAMP_TZ_FORMAT = 'SYYYY-MM-DD HH24:MI:SS.FF9 TZH:TZM';

ALTER SESSION SET NLS_NUMERIC_CHARACTERS = '.,';

ALTER SESSION SET TIME_ZONE = '+00:00';
