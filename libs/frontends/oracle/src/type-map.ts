/**
 * Oracle → canonical type mapping (reference §2.2), pure and table-driven: a column as `ALL_TAB_COLS` describes it →
 * its canonical mapping, or a refusal naming the column and what to do. Each rule has an id (`ORA-…`, see
 * {@link ORACLE_TYPE_RULES}) that its test cites. Two of GOE's quirks are fixed, as rules of their own:
 * `NUMBER(*,s)` has precision 38 (GOE left it without one, and unsampled), and `TIMESTAMP WITH LOCAL TIME ZONE` is
 * offloaded as TIMESTAMP_TZ (GOE mapped it but refused it; our sessions read it in UTC, so each value is one instant).
 */
import {
  GoeError,
  integralCanonicalType,
  isDateType,
  isNumberType,
  isStringType,
  type CanonicalType,
  type CharSemantics,
} from '@goe/core';

/**
 * A column's type as `ALL_TAB_COLS` describes it.
 *
 * @example
 * const amount: OracleColumnType = { dataType: 'NUMBER', dataLength: 22, dataPrecision: 12, dataScale: 2, charLength: 0, charUsed: null };
 */
export interface OracleColumnType {
  /** `DATA_TYPE`, e.g. `NUMBER`, `TIMESTAMP(6) WITH TIME ZONE`, `INTERVAL DAY(2) TO SECOND(6)`. */
  readonly dataType: string;
  /** `DATA_LENGTH`: bytes. */
  readonly dataLength: number;
  /** `DATA_PRECISION`: decimal digits of NUMBER, binary digits of FLOAT, the leading field of an INTERVAL. */
  readonly dataPrecision: number | null;
  /** `DATA_SCALE`: NUMBER's scale (may be negative or above the precision), fractional seconds of TIMESTAMP/INTERVAL. */
  readonly dataScale: number | null;
  /** `CHAR_LENGTH`: characters of a character column, 0 otherwise. */
  readonly charLength: number;
  /** `CHAR_USED`: `B` (byte semantics) or `C` (char semantics) for character columns, else null. */
  readonly charUsed: 'B' | 'C' | null;
}

/**
 * The canonical side of a mapping (the attributes `canonicalColumn` takes besides name and nullability).
 *
 * @example
 * const m: OracleMapping = { dataType: 'DECIMAL', precision: 12, scale: 2, safeMapping: true };
 */
export interface OracleMapping {
  readonly dataType: CanonicalType;
  readonly precision?: number;
  readonly scale?: number;
  readonly dataLength?: number;
  readonly charLength?: number;
  readonly charSemantics?: CharSemantics;
  /** `false` for plain NUMBER and FLOAT until data sampling sizes them (GOE's rule). */
  readonly safeMapping: boolean;
  /** True when the column needs data sampling to get a precision (plain NUMBER, FLOAT). */
  readonly needsSampling?: boolean;
  /** BINARY_FLOAT/BINARY_DOUBLE hold NaN and ±Infinity (the lossy-conversion gate checks the backend). */
  readonly special?: 'float';
}

/** One mapping rule of reference §2.2: its id (tests cite it) and the rule restated. */
export interface OracleTypeRule {
  readonly id: string;
  readonly text: string;
}

/**
 * Every Oracle type rule, in reference order; `test/type-map.test.ts` fails for a rule without a case.
 *
 * @example
 * ORACLE_TYPE_RULES.find((r) => r.id === 'ORA-DATE')?.text // 'DATE → TIMESTAMP(0): an Oracle DATE has a time of day'
 */
export const ORACLE_TYPE_RULES: readonly OracleTypeRule[] = Object.freeze([
  {
    id: 'ORA-NORMALISE',
    text: 'TIMESTAMP(n), INTERVAL DAY(p) TO SECOND(s), INTERVAL YEAR(p) TO MONTH lose their figures',
  },
  {
    id: 'ORA-CHAR',
    text: 'CHAR, NCHAR → FIXED_STRING: byte length, char length, BYTE/CHAR semantics (N-types UNICODE)',
  },
  { id: 'ORA-VARCHAR2', text: 'VARCHAR2, NVARCHAR2 → VARIABLE_STRING: byte length, char length, semantics' },
  { id: 'ORA-LOB-STRING', text: 'CLOB, NCLOB (UNICODE), XMLTYPE → LARGE_STRING' },
  { id: 'ORA-RAW', text: 'RAW(n) → BINARY(n)' },
  { id: 'ORA-BLOB', text: 'BLOB → LARGE_BINARY' },
  {
    id: 'ORA-FLOAT',
    text: 'FLOAT(b) → DECIMAL without precision, unsafe (sampled); the binary precision is discarded',
  },
  { id: 'ORA-NUMBER-PLAIN', text: 'NUMBER → DECIMAL without precision, unsafe (sampled)' },
  {
    id: 'ORA-NUMBER-STAR',
    text: 'NUMBER(*,s) (INTEGER is NUMBER(*,0)) → precision 38 (fixes GOE: no precision, unsampled)',
  },
  { id: 'ORA-NUMBER-S-GT-P', text: 'NUMBER(p,s) with s > p → precision s (NUMBER(3,5) → DECIMAL(5,5))' },
  {
    id: 'ORA-NUMBER-NEG-SCALE',
    text: 'NUMBER(p,s) with s < 0 → an integer of p − s digits (fixes GOE: p digits, so NUMBER(9,-2) overflowed INTEGER_4); beyond 38 digits refused naming --decimal-columns/--double-columns',
  },
  { id: 'ORA-NUMBER-INTEGRAL', text: 'NUMBER(p,0) → INTEGER_1/2/4/8/38 by the integral table of §2.1' },
  { id: 'ORA-NUMBER-DECIMAL', text: 'NUMBER(p,s) otherwise → DECIMAL(p,s), safe' },
  { id: 'ORA-BINARY-FLOAT', text: 'BINARY_FLOAT → FLOAT (NaN and ±Infinity possible)' },
  { id: 'ORA-BINARY-DOUBLE', text: 'BINARY_DOUBLE → DOUBLE (NaN and ±Infinity possible)' },
  { id: 'ORA-DATE', text: 'DATE → TIMESTAMP(0): an Oracle DATE has a time of day' },
  { id: 'ORA-TIMESTAMP', text: 'TIMESTAMP(n) → TIMESTAMP(n), up to 9 fractional digits' },
  { id: 'ORA-TIMESTAMP-TZ', text: 'TIMESTAMP(n) WITH TIME ZONE → TIMESTAMP_TZ(n)' },
  {
    id: 'ORA-TIMESTAMP-LTZ',
    text: 'TIMESTAMP(n) WITH LOCAL TIME ZONE → TIMESTAMP_TZ(n), read in a UTC session (fixes GOE: refused)',
  },
  { id: 'ORA-INTERVAL-DS', text: 'INTERVAL DAY(p) TO SECOND(s) → INTERVAL_DS(p, s)' },
  { id: 'ORA-INTERVAL-YM', text: 'INTERVAL YEAR(p) TO MONTH → INTERVAL_YM(p)' },
  {
    id: 'ORA-ROWID',
    text: 'ROWID → VARIABLE_STRING(18), UROWID(n) → VARIABLE_STRING(n): their text form (GOE refused them)',
  },
  { id: 'ORA-BOOLEAN', text: 'BOOLEAN (Oracle 23ai) → BOOLEAN' },
  { id: 'ORA-LONG', text: 'LONG, LONG RAW are refused: convert them to CLOB/BLOB with TO_LOB' },
  {
    id: 'ORA-UNSUPPORTED',
    text: 'any other type (VARCHAR, BFILE, object, collection, JSON, VECTOR…) is refused, naming the column',
  },
  { id: 'ORA-OVERRIDE', text: 'valid data-type overrides per Oracle type (valid_canonical_override)' },
]);

/**
 * The type name without its figures, upper case, single-spaced: `TIMESTAMP(6) WITH TIME ZONE` → `TIMESTAMP WITH TIME
 * ZONE`, `INTERVAL DAY(2) TO SECOND(6)` → `INTERVAL DAY TO SECOND`, `SYS.XMLTYPE` → `XMLTYPE` (rule ORA-NORMALISE).
 *
 * @example
 * oracleBaseType('timestamp(9) with local time zone') // 'TIMESTAMP WITH LOCAL TIME ZONE'
 */
export function oracleBaseType(dataType: string): string {
  return dataType
    .trim()
    .toUpperCase()
    .replace(/\s+/g, ' ')
    .replace(/\s*\(\s*\d+\s*\)/g, '')
    .replace(/^"?SYS"?\."?XMLTYPE"?$/, 'XMLTYPE');
}

/** A character column's attributes: bytes, characters, semantics (N-types are UNICODE). */
function characterAttributes(base: string, t: OracleColumnType) {
  const national = base.startsWith('N');
  const semantics: CharSemantics = national ? 'UNICODE' : t.charUsed === 'C' ? 'CHAR' : 'BYTE';
  return {
    dataLength: t.dataLength,
    ...(t.charLength > 0 ? { charLength: t.charLength } : {}),
    charSemantics: semantics,
  };
}

/** NUMBER(p,s) by rules ORA-NUMBER-*. */
function numberMapping(column: string, t: OracleColumnType): OracleMapping {
  if (t.dataPrecision === null && t.dataScale === null) {
    return { dataType: 'DECIMAL', safeMapping: false, needsSampling: true };
  }
  let p = t.dataPrecision ?? 38;
  let s = t.dataScale ?? 0;
  if (s > p) p = s;
  if (s < 0) {
    p -= s; // NUMBER(9,-2) holds 99999999900: eleven integral digits
    s = 0;
  }
  if (p > 38) {
    throw new GoeError(
      'TYPE_UNSUPPORTED',
      `Column ${column}: ${formatOracleType(t)} holds integers of ${p} digits, more than 38`,
      {
        column,
        hint: `Give --decimal-columns ${column} --decimal-columns-type 38,0 if its values have at most 38 digits, or --double-columns ${column}`,
      },
    );
  }
  const integral = integralCanonicalType(p, s, true);
  if (integral !== undefined) return { dataType: integral, precision: p, scale: 0, safeMapping: true };
  return { dataType: 'DECIMAL', precision: p, scale: s, safeMapping: true };
}

function refuse(column: string, type: string, hint: string): GoeError {
  return new GoeError('TYPE_UNSUPPORTED', `Unsupported Oracle data type for column ${column}: ${type}`, {
    column,
    hint,
  });
}

/**
 * Maps an Oracle column to its canonical type (reference §2.2).
 *
 * @throws GoeError `TYPE_UNSUPPORTED` naming the column and what to do (LONG, LONG RAW, object types, BFILE…)
 * @example
 * oracleToCanonical('AMOUNT', { dataType: 'NUMBER', dataLength: 22, dataPrecision: 12, dataScale: 2, charLength: 0, charUsed: null })
 * // { dataType: 'DECIMAL', precision: 12, scale: 2, safeMapping: true }
 */
export function oracleToCanonical(column: string, t: OracleColumnType): OracleMapping {
  const base = oracleBaseType(t.dataType);
  switch (base) {
    case 'CHAR':
    case 'NCHAR':
      return { dataType: 'FIXED_STRING', ...characterAttributes(base, t), safeMapping: true };
    case 'VARCHAR2':
    case 'NVARCHAR2':
      return { dataType: 'VARIABLE_STRING', ...characterAttributes(base, t), safeMapping: true };
    case 'CLOB':
    case 'XMLTYPE':
      return { dataType: 'LARGE_STRING', safeMapping: true };
    case 'NCLOB':
      return { dataType: 'LARGE_STRING', charSemantics: 'UNICODE', safeMapping: true };
    case 'RAW':
      return { dataType: 'BINARY', dataLength: t.dataLength, safeMapping: true };
    case 'BLOB':
      return { dataType: 'LARGE_BINARY', safeMapping: true };
    case 'FLOAT':
      return { dataType: 'DECIMAL', safeMapping: false, needsSampling: true };
    case 'NUMBER':
      return numberMapping(column, t);
    case 'BINARY_FLOAT':
      return { dataType: 'FLOAT', safeMapping: true, special: 'float' };
    case 'BINARY_DOUBLE':
      return { dataType: 'DOUBLE', safeMapping: true, special: 'float' };
    case 'DATE':
      return { dataType: 'TIMESTAMP', scale: 0, safeMapping: true };
    case 'TIMESTAMP':
      return { dataType: 'TIMESTAMP', scale: t.dataScale ?? 6, safeMapping: true };
    case 'TIMESTAMP WITH TIME ZONE':
    case 'TIMESTAMP WITH LOCAL TIME ZONE':
      return { dataType: 'TIMESTAMP_TZ', scale: t.dataScale ?? 6, safeMapping: true };
    case 'INTERVAL DAY TO SECOND':
      return { dataType: 'INTERVAL_DS', precision: t.dataPrecision ?? 2, scale: t.dataScale ?? 6, safeMapping: true };
    case 'INTERVAL YEAR TO MONTH':
      return { dataType: 'INTERVAL_YM', precision: t.dataPrecision ?? 2, scale: 0, safeMapping: true };
    case 'ROWID':
      return { dataType: 'VARIABLE_STRING', dataLength: 18, charLength: 18, charSemantics: 'BYTE', safeMapping: true };
    case 'UROWID':
      return {
        dataType: 'VARIABLE_STRING',
        dataLength: t.dataLength,
        charLength: t.dataLength,
        charSemantics: 'BYTE',
        safeMapping: true,
      };
    case 'BOOLEAN':
      return { dataType: 'BOOLEAN', safeMapping: true };
    case 'LONG':
    case 'LONG RAW':
      throw refuse(
        column,
        base,
        `Convert the column to ${base === 'LONG' ? 'CLOB' : 'BLOB'} (ALTER TABLE … MODIFY (${column} ${base === 'LONG' ? 'CLOB' : 'BLOB'}), or offload a copy made with TO_LOB), or exclude it from a view and offload that`,
      );
    default:
      throw refuse(
        column,
        formatOracleType(t),
        'Exclude the column (offload a view without it) or convert it in a view to a supported type (e.g. VARCHAR2, CLOB, NUMBER)',
      );
  }
}

/**
 * Whether a data-type control may turn an Oracle column into `target` (GOE's `valid_canonical_override`, rule
 * ORA-OVERRIDE): CHAR/NCHAR → FIXED_STRING; CLOB/NCLOB → LARGE_STRING; VARCHAR2/NVARCHAR2 → VARIABLE_STRING; RAW →
 * BINARY; BLOB → LARGE_BINARY; BINARY_FLOAT → FLOAT or DOUBLE; BINARY_DOUBLE → DOUBLE; NUMBER/FLOAT → any numeric
 * type; time-zoned timestamps → TIMESTAMP_TZ; DATE/TIMESTAMP → a date type or a string type; intervals → themselves.
 *
 * @example
 * oracleValidOverride('DATE', 'VARIABLE_STRING') // true
 * oracleValidOverride('BINARY_DOUBLE', 'FLOAT') // false
 */
export function oracleValidOverride(dataType: string, target: CanonicalType): boolean {
  switch (oracleBaseType(dataType)) {
    case 'CHAR':
    case 'NCHAR':
      return target === 'FIXED_STRING';
    case 'CLOB':
    case 'NCLOB':
      return target === 'LARGE_STRING';
    case 'VARCHAR2':
    case 'NVARCHAR2':
      return target === 'VARIABLE_STRING';
    case 'RAW':
      return target === 'BINARY';
    case 'BLOB':
      return target === 'LARGE_BINARY';
    case 'BINARY_FLOAT':
      return target === 'FLOAT' || target === 'DOUBLE';
    case 'BINARY_DOUBLE':
      return target === 'DOUBLE';
    case 'NUMBER':
    case 'FLOAT':
      return isNumberType(target);
    case 'TIMESTAMP WITH TIME ZONE':
    case 'TIMESTAMP WITH LOCAL TIME ZONE':
      return target === 'TIMESTAMP_TZ';
    case 'DATE':
    case 'TIMESTAMP':
      return isDateType(target) || isStringType(target);
    case 'INTERVAL DAY TO SECOND':
      return target === 'INTERVAL_DS';
    case 'INTERVAL YEAR TO MONTH':
      return target === 'INTERVAL_YM';
    default:
      return false;
  }
}

/**
 * An Oracle column type as DDL writes it (GOE's `format_data_type`), for messages: `NUMBER(12,2)`, `NUMBER(*,0)`,
 * `VARCHAR2(30 CHAR)`, `NCHAR(10)`, `RAW(16)`, `TIMESTAMP(9) WITH TIME ZONE`, `INTERVAL DAY(2) TO SECOND(6)`.
 *
 * @example
 * formatOracleType({ dataType: 'VARCHAR2', dataLength: 120, dataPrecision: null, dataScale: null, charLength: 30, charUsed: 'C' }) // 'VARCHAR2(30 CHAR)'
 */
export function formatOracleType(t: OracleColumnType): string {
  const base = oracleBaseType(t.dataType);
  const p = t.dataPrecision;
  const s = t.dataScale;
  switch (base) {
    case 'NUMBER':
      if (p === null && s === null) return 'NUMBER';
      if (p === null) return `NUMBER(*,${s})`;
      return s === null || s === 0 ? `NUMBER(${p})` : `NUMBER(${p},${s})`;
    case 'FLOAT':
      return p === null ? 'FLOAT' : `FLOAT(${p})`;
    case 'CHAR':
    case 'VARCHAR2':
      return t.charUsed === 'C' ? `${base}(${t.charLength} CHAR)` : `${base}(${t.dataLength} BYTE)`;
    case 'NCHAR':
    case 'NVARCHAR2':
      return `${base}(${t.charLength})`;
    case 'RAW':
    case 'UROWID':
      return `${base}(${t.dataLength})`;
    case 'TIMESTAMP':
      return `TIMESTAMP(${s ?? 6})`;
    case 'TIMESTAMP WITH TIME ZONE':
    case 'TIMESTAMP WITH LOCAL TIME ZONE':
      return `TIMESTAMP(${s ?? 6})${base.slice('TIMESTAMP'.length)}`;
    case 'INTERVAL DAY TO SECOND':
      return `INTERVAL DAY(${p ?? 2}) TO SECOND(${s ?? 6})`;
    case 'INTERVAL YEAR TO MONTH':
      return `INTERVAL YEAR(${p ?? 2}) TO MONTH`;
    default:
      return t.dataType.trim();
  }
}
