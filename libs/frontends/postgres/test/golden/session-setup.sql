-- rule: goe-types-and-dialects.md §2.1 (values read unambiguously: UTC, ISO dates, ISO 8601 intervals); architecture.md §5
SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'iso_8601';
