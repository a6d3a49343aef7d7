-- rule: architecture.md §5 (PGlite: COPY binary to its /dev/blob device)
COPY (SELECT "id" FROM "sh"."sales") TO '/dev/blob' (FORMAT binary);
