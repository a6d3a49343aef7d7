/**
 * Test support: values made by node-oracledb's own wire codecs (its BaseBuffer: the Oracle NUMBER, BINARY_FLOAT/DOUBLE
 * and INTERVAL encoders and decoders the thin driver runs on every fetched row), not by copies of them. A value is
 * encoded to Oracle's wire bytes and decoded back: what the driver hands the application.
 */
import { createRequire } from 'node:module';

interface DriverBuffer {
  buf: Buffer;
  pos: number;
  writeOracleNumber(value: string, writeLength: boolean): void;
  writeBinaryDouble(n: number): void;
  writeBinaryFloat(n: number): void;
  writeOracleIntervalDS(v: object, writeLength: boolean): void;
  writeOracleIntervalYM(v: object, writeLength: boolean): void;
  parseOracleNumber(buf: Buffer): string;
  parseBinaryDouble(buf: Buffer): number;
  parseBinaryFloat(buf: Buffer): number;
  parseOracleIntervalDS(buf: Buffer): object;
  parseOracleIntervalYM(buf: Buffer): object;
}
const require = createRequire(import.meta.url);
const { GrowableBuffer } = require('oracledb/lib/impl/datahandlers/buffer.js') as {
  GrowableBuffer: new () => DriverBuffer;
};

/** A value through the driver: encoded to Oracle's wire bytes by `write`, decoded back by `parse`. */
function viaDriver<T>(write: (b: DriverBuffer) => void, parse: (b: DriverBuffer, bytes: Buffer) => T): T {
  const b = new GrowableBuffer();
  write(b);
  return parse(new GrowableBuffer(), Buffer.from(b.buf.subarray(0, b.pos)));
}

/** A NUMBER as the driver's decoder writes it (fetched as a string): `'-.5'` for −0.5. */
export const number = (text: string): string =>
  viaDriver(
    (b) => b.writeOracleNumber(text, false),
    (b, bytes) => b.parseOracleNumber(bytes),
  );
/** A BINARY_DOUBLE as the driver decodes it. */
export const double = (n: number): number =>
  viaDriver(
    (b) => b.writeBinaryDouble(n),
    (b, bytes) => b.parseBinaryDouble(bytes),
  );
/** A BINARY_FLOAT as the driver decodes it. */
export const float = (n: number): number =>
  viaDriver(
    (b) => b.writeBinaryFloat(n),
    (b, bytes) => b.parseBinaryFloat(bytes),
  );
/** An INTERVAL DAY TO SECOND as the driver decodes it (`{ days, hours, minutes, seconds, fseconds }`). */
export const intervalDS = (v: object): object =>
  viaDriver(
    (b) => b.writeOracleIntervalDS(v, false),
    (b, bytes) => b.parseOracleIntervalDS(bytes),
  );
/** An INTERVAL YEAR TO MONTH as the driver decodes it (`{ years, months }`). */
export const intervalYM = (v: object): object =>
  viaDriver(
    (b) => b.writeOracleIntervalYM(v, false),
    (b, bytes) => b.parseOracleIntervalYM(bytes),
  );
