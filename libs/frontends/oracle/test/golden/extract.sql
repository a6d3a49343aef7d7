-- rule: goe-orchestration-and-cli.md §5 (each slice reads AS OF the offload's SCN; split by partition, subpartition or ROWID range); each column in its exact wire form: DATE/TIMESTAMP as server TO_CHAR text with a signed year and nine fractional digits, time-zoned ones in UTC (SYS_EXTRACT_UTC), others read by the driver's fetch type handler; LOBs (CLOB/NCLOB up to 1,000 characters, BLOB up to 2,000 bytes: the SQL VARCHAR2/NVARCHAR2/RAW limits) in line through DBMS_LOB.SUBSTR, longer or empty ones as locators appended after the columns (an empty LOB is not NULL; DBMS_LOB.SUBSTR of it is)
SELECT "ID", TO_CHAR("TIME_ID", 'SYYYY-MM-DD HH24:MI:SS') AS "TIME_ID", TO_CHAR("SOLD_AT", 'SYYYY-MM-DD HH24:MI:SS.FF9') AS "SOLD_AT", TO_CHAR(SYS_EXTRACT_UTC("UPDATED"), 'SYYYY-MM-DD HH24:MI:SS.FF9') AS "UPDATED"
FROM "SH"."SALES" AS OF SCN :scn;

SELECT "ID", "AMOUNT"
FROM "SH"."SALES" SUBPARTITION ("SP_1") AS OF SCN :scn
WHERE ROWID BETWEEN CHARTOROWID(:lo) AND CHARTOROWID(:hi);

SELECT "ID", CASE WHEN DBMS_LOB.GETLENGTH("BODY") BETWEEN 1 AND 1000 THEN DBMS_LOB.SUBSTR("BODY", 1000, 1) END AS "BODY", CASE WHEN DBMS_LOB.GETLENGTH("IMAGE") BETWEEN 1 AND 2000 THEN DBMS_LOB.SUBSTR("IMAGE", 2000, 1) END AS "IMAGE", CASE WHEN DBMS_LOB.GETLENGTH("BODY") = 0 OR DBMS_LOB.GETLENGTH("BODY") > 1000 THEN "BODY" END, CASE WHEN DBMS_LOB.GETLENGTH("IMAGE") = 0 OR DBMS_LOB.GETLENGTH("IMAGE") > 2000 THEN "IMAGE" END
FROM "SH"."DOCS" AS OF SCN :scn;
