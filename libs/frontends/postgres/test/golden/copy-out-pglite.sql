COPY (SELECT "id" FROM "sh"."sales") TO '/dev/blob' (FORMAT binary)
