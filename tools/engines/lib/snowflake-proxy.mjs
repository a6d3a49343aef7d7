// Test proxy in front of `fakesnow -s`: the Node snowflake-sdk reads only JSON rowsets, fakesnow answers every
// SELECT with an Arrow IPC stream (queryResultFormat "arrow", rowsetBase64). This proxy forwards everything and
// rewrites such answers into Snowflake's JSON rowset encoding (strings per the rowtype, null for NULL).
// Usage: node snowflake-proxy.mjs <listenPort> <fakesnowPort>
import http from 'node:http';
import { tableFromIPC } from 'apache-arrow';

/** Unscaled integer (bigint) + scale -> "123.45" */
export function scaledToString(unscaled, scale) {
  if (!scale) return unscaled.toString();
  const neg = unscaled < 0n;
  const abs = neg ? -unscaled : unscaled;
  const s = abs.toString().padStart(scale + 1, '0');
  return `${neg ? '-' : ''}${s.slice(0, -scale)}.${s.slice(-scale)}`;
}

/** Arrow decimal value (Uint32Array of little-endian 32-bit words, two's complement) -> bigint */
function decimalToBigInt(words) {
  if (typeof words === 'bigint') return words;
  if (typeof words === 'number') return BigInt(words);
  let v = 0n;
  for (let i = words.length - 1; i >= 0; i--) v = (v << 32n) | BigInt(words[i] >>> 0);
  const bits = BigInt(words.length * 32);
  if (v >> (bits - 1n)) v -= 1n << bits; // negative
  return v;
}

/** epoch seconds + nanos -> "secs.fraction" with `scale` fraction digits (what snowflake-sdk parses) */
function secsFraction(epoch, nanos, scale) {
  const frac = String(nanos).padStart(9, '0').slice(0, scale);
  return scale ? `${epoch}.${frac}` : `${epoch}`;
}

function toJsonCell(value, col, arrowType) {
  if (value === null || value === undefined) return null;
  const type = String(col.type).toLowerCase();
  const scale = col.scale ?? 0;
  switch (type) {
    case 'fixed': {
      if (arrowType.typeId === 7 /* Decimal */ || arrowType.toString().startsWith('Decimal')) {
        return scaledToString(decimalToBigInt(value), arrowType.scale ?? scale);
      }
      if (typeof value === 'bigint' || Number.isInteger(value)) return scale ? scaledToString(BigInt(value), scale) : String(value);
      return String(value);
    }
    case 'real':
      return Number.isNaN(value) ? 'NaN' : value === Infinity ? 'inf' : value === -Infinity ? '-inf' : String(value);
    case 'boolean':
      return value ? '1' : '0';
    case 'date': {
      // arrow-js returns DateDay as epoch milliseconds
      const ms = value instanceof Date ? value.getTime() : Number(value);
      return String(Math.floor(ms / 86_400_000));
    }
    case 'time': {
      // fakesnow sends nanoseconds since midnight as int64
      const ns = BigInt(value);
      return secsFraction(ns / 1_000_000_000n, Number(ns % 1_000_000_000n), scale);
    }
    case 'timestamp_ntz':
    case 'timestamp_ltz':
    case 'timestamp_tz': {
      // fakesnow builds the {epoch, fraction[, timezone]} struct without a validity bitmap: NULL shows as null children
      if (value.epoch === null || value.epoch === undefined) return null;
      const epoch = BigInt(value.epoch);
      const fraction = Number(value.fraction);
      if (type !== 'timestamp_tz') return secsFraction(epoch, fraction, scale);
      // result version >= 1 encoding: "<secs.fraction> <offset minutes + 1440>"
      return `${secsFraction(epoch, fraction, scale)} ${Number(value.timezone ?? 1440)}`;
    }
    case 'binary':
      return Buffer.from(value).toString('hex').toUpperCase();
    default:
      // text, variant, object, array, geography...: strings already
      if (typeof value === 'string') return value;
      if (typeof value === 'bigint') return value.toString();
      if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/** Decode fakesnow's base64 Arrow stream into a JSON rowset using the response's rowtype. */
export function arrowToRowset(rowsetBase64, rowtype) {
  if (!rowsetBase64) return [];
  const table = tableFromIPC(Buffer.from(rowsetBase64, 'base64'));
  const cols = rowtype.map((col, i) => ({ col, vec: table.getChildAt(i), type: table.schema.fields[i].type }));
  const rows = [];
  for (let r = 0; r < table.numRows; r++) rows.push(cols.map(({ col, vec, type }) => toJsonCell(vec.get(r), col, type)));
  return rows;
}

function rewrite(body) {
  let json;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  const data = json?.data;
  if (!data || !data.queryResultFormat) return null;
  if (data.queryResultFormat === 'arrow') {
    data.rowset = arrowToRowset(data.rowsetBase64, data.rowtype ?? []);
    data.queryResultFormat = 'json';
    delete data.rowsetBase64;
  }
  // snowflake-sdk reads data.returned for inline rowsets; fakesnow leaves it out on DML answers,
  // and the driver then never completes the statement
  if (Array.isArray(data.rowset)) data.returned = data.rowset.length;
  // the driver compares String(data.version) with '0' to pick the TIMESTAMP_TZ encoding; say 1 explicitly
  data.version ??= 1;
  return JSON.stringify(json);
}

export function startProxy(listenPort, targetPort, host = '127.0.0.1') {
  const server = http.createServer((req, res) => {
    if (req.url.startsWith('/telemetry/send')) {
      // fakesnow has no telemetry route; answer it here instead of a 404
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}');
      return;
    }
    const headers = { ...req.headers, host: `${host}:${targetPort}` };
    delete headers['accept-encoding']; // we need to read the answer
    const up = http.request({ host, port: targetPort, method: req.method, path: req.url, headers }, (upRes) => {
      const isQuery = req.url.startsWith('/queries/v1/query-request');
      if (!isQuery) {
        res.writeHead(upRes.statusCode, upRes.headers);
        upRes.pipe(res);
        return;
      }
      const chunks = [];
      upRes.on('data', (c) => chunks.push(c));
      upRes.on('end', () => {
        let out = Buffer.concat(chunks);
        try {
          const rewritten = rewrite(out.toString('utf8'));
          if (rewritten) out = Buffer.from(rewritten);
        } catch (e) {
          console.error(`proxy: could not convert Arrow result: ${e.stack ?? e}`);
          out = Buffer.from(JSON.stringify({ success: false, code: '000002', message: `goe snowflake proxy: ${e.message}`, data: null }));
        }
        const h = { ...upRes.headers, 'content-length': String(out.length) };
        delete h['transfer-encoding'];
        res.writeHead(upRes.statusCode, h).end(out);
      });
    });
    up.on('error', (e) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ success: false, message: `goe snowflake proxy: fakesnow unreachable: ${e.message}` }));
    });
    req.pipe(up);
  });
  return new Promise((resolve) => server.listen(listenPort, host, () => resolve(server)));
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const [listen, target] = process.argv.slice(2).map(Number);
  const server = await startProxy(listen, target);
  console.log(`snowflake proxy 127.0.0.1:${listen} -> fakesnow 127.0.0.1:${target}`);
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
