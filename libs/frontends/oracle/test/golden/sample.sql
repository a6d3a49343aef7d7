-- rule: goe-types-and-dialects.md §2.1 "Sampling" (TO_CHAR(ABS(col),'TM'): max integral digits, max scale, exponent suspect; MIN of dates; SAMPLE BLOCK (pct) clamped to [0.000001, 99.999999], NO_MERGE, PARALLEL/NO_PARALLEL)
SELECT /*+ NO_MERGE(v) PARALLEL(4) */
  MAX(CASE WHEN INSTR("T0", '.') > 0 THEN INSTR("T0", '.') - 1 ELSE LENGTH("T0") END) AS "I0",
  MAX(CASE WHEN INSTR("T0", '.') > 0 THEN LENGTH("T0") - INSTR("T0", '.') ELSE 0 END) AS "S0",
  MAX(CASE WHEN INSTR("T0", 'E') > 0 THEN 1 ELSE 0 END) AS "E0",
  TO_CHAR(MIN("T1"), 'SYYYY-MM-DD HH24:MI:SS') AS "D1"
FROM (SELECT TO_CHAR(ABS("AMOUNT"), 'TM') AS "T0", "TIME_ID" AS "T1" FROM "SH"."SALES" SAMPLE BLOCK (5)) v;
