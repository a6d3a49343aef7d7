/**
 * The part of Apache Thrift's compact protocol that Parquet's metadata needs to be written: structs of i32, i64,
 * binary/string, bool, struct and list fields. Only writing; field ids must increase within a struct.
 *
 * Spec: https://github.com/apache/thrift/blob/master/doc/specs/thrift-compact-protocol.md
 */

/** Compact-protocol type codes (the low nibble of a field header). */
const T = { TRUE: 1, FALSE: 2, BYTE: 3, I16: 4, I32: 5, I64: 6, BINARY: 8, LIST: 9, STRUCT: 12 } as const;

/** The element type of a list field. */
export type ThriftListType = 'i32' | 'binary' | 'struct';

const LIST_ELEMENT: Record<ThriftListType, number> = { i32: T.I32, binary: T.BINARY, struct: T.STRUCT };

const utf8 = new TextEncoder();

/**
 * A growable buffer written in Thrift's compact protocol.
 *
 * @example
 * const w = new CompactWriter();
 * w.structBegin(); w.i32(1, 7); w.string(2, 'x'); w.structEnd();
 * w.bytes() // Uint8Array [0x15, 0x0e, 0x18, 0x01, 0x78, 0x00]
 */
export class CompactWriter {
  private buf = new Uint8Array(256);
  private pos = 0;
  private readonly lastField: number[] = [];
  private last = 0;

  /** The bytes written so far (a view, valid until the next write). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  /** Starts a struct (the top-level one or a list element). */
  structBegin(): void {
    this.lastField.push(this.last);
    this.last = 0;
  }

  /** Ends a struct with the stop field. */
  structEnd(): void {
    this.byte(0);
    this.last = this.lastField.pop() ?? 0;
  }

  /** A struct-typed field; call {@link structEnd} after its fields. */
  structField(id: number): void {
    this.fieldHeader(id, T.STRUCT);
    this.structBegin();
  }

  /** An i32 field (zigzag varint). */
  i32(id: number, value: number): void {
    this.fieldHeader(id, T.I32);
    this.zigzag(value);
  }

  /** An i16 field (zigzag varint). */
  i16(id: number, value: number): void {
    this.fieldHeader(id, T.I16);
    this.zigzag(value);
  }

  /** An i8 field (one byte). */
  i8(id: number, value: number): void {
    this.fieldHeader(id, T.BYTE);
    this.byte(value & 0xff);
  }

  /** An i64 field: `value` must be a safe integer (file offsets and row counts are). */
  i64(id: number, value: number): void {
    this.fieldHeader(id, T.I64);
    this.zigzag(value);
  }

  /** A boolean field (the value is in the type nibble). */
  bool(id: number, value: boolean): void {
    this.fieldHeader(id, value ? T.TRUE : T.FALSE);
  }

  /** A string field (UTF-8, varint length). */
  string(id: number, value: string): void {
    this.binary(id, utf8.encode(value));
  }

  /** A binary field (varint length). */
  binary(id: number, value: Uint8Array): void {
    this.fieldHeader(id, T.BINARY);
    this.listBinary(value);
  }

  /** A list field header; then write `size` elements with the `list*` methods (or structBegin/structEnd). */
  listField(id: number, type: ThriftListType, size: number): void {
    this.fieldHeader(id, T.LIST);
    const elem = LIST_ELEMENT[type];
    if (size < 15) this.byte((size << 4) | elem);
    else {
      this.byte(0xf0 | elem);
      this.varint(size);
    }
  }

  /** An i32 list element. */
  listI32(value: number): void {
    this.zigzag(value);
  }

  /** A binary list element. */
  listBinary(value: Uint8Array): void {
    this.varint(value.byteLength);
    this.ensure(value.byteLength);
    this.buf.set(value, this.pos);
    this.pos += value.byteLength;
  }

  /** A string list element. */
  listString(value: string): void {
    this.listBinary(utf8.encode(value));
  }

  private fieldHeader(id: number, type: number): void {
    const delta = id - this.last;
    if (delta > 0 && delta <= 15) this.byte((delta << 4) | type);
    else {
      this.byte(type);
      this.zigzag(id);
    }
    this.last = id;
  }

  private zigzag(n: number): void {
    // 2n for n >= 0, -2n - 1 below: exact for safe integers as doubles
    this.varint(n >= 0 ? n * 2 : -n * 2 - 1);
  }

  private varint(n: number): void {
    this.ensure(10);
    while (n >= 0x80) {
      this.buf[this.pos++] = n % 0x80 | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.buf[this.pos++] = n;
  }

  private byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }
}
