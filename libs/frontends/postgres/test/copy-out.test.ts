/**
 * The COPY TO wire framing of CopyOutQuery, over a socket stand-in: CopyData payloads arrive whole and in order
 * however the reads split the messages (a header split too), interleaved messages are skipped, and at CopyDone
 * or an ErrorResponse the rest of the bytes go back to pg's own parser. The real server path is covered by every
 * extraction test against PostgreSQL.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CopyOutQuery } from '../src/copy-out.js';

const message = (code: string, payload: Buffer) => {
  const header = Buffer.alloc(5);
  header[0] = code.charCodeAt(0);
  header.writeInt32BE(payload.length + 4, 1);
  return Buffer.concat([header, payload]);
};

/** A socket with pg's data listener, and what that listener received. */
function harness() {
  const stream = new PassThrough();
  const toPg: Buffer[] = [];
  stream.on('data', (b: Buffer) => toPg.push(b));
  const sent: string[] = [];
  const connection = { stream, query: (text: string) => sent.push(text) };
  return { stream, toPg, sent, connection };
}

/** Writes `bytes` to the socket in pieces of `size` bytes, each as one read (a copy: reads are rewritten in place). */
async function feed(stream: PassThrough, bytes: Buffer, size: number): Promise<void> {
  for (let i = 0; i < bytes.length; i += size) {
    stream.write(Buffer.from(bytes.subarray(i, i + size)));
    await new Promise((r) => setImmediate(r));
  }
}

const ROWS = ['first row', 'second', '', 'fourth row, a longer one ✓'].map((s) => Buffer.from(s));
const AFTER = Buffer.concat([message('C', Buffer.from('COPY 4\0')), message('Z', Buffer.from('I'))]);
const STREAM = Buffer.concat([
  message('H', Buffer.from([1, 0, 0])),
  message('d', ROWS[0]!),
  message('N', Buffer.from('notice\0')),
  message('d', ROWS[1]!),
  message('d', ROWS[2]!),
  message('S', Buffer.from('a\0b\0')),
  message('d', ROWS[3]!),
  message('c', Buffer.alloc(0)),
  AFTER,
]);

async function run(bytes: Buffer, size: number) {
  const h = harness();
  const q = new CopyOutQuery('COPY x TO STDOUT');
  q.submit(h.connection);
  const got: Buffer[] = [];
  const reading = (async () => {
    for await (const piece of q.chunks()) got.push(Buffer.from(piece));
  })();
  await feed(h.stream, bytes, size);
  // pg would parse what it was given back; here the test plays its part
  q.handleCommandComplete({ text: 'COPY 4' });
  q.handleReadyForQuery();
  await reading;
  return { got: Buffer.concat(got), toPg: Buffer.concat(h.toPg), sent: h.sent, q };
}

describe('CopyOutQuery framing', () => {
  it('yields the CopyData payloads in order whatever the read sizes, and gives the rest back to pg', async () => {
    for (const size of [1, 2, 3, 5, 7, 11, 64, STREAM.length]) {
      const { got, toPg, sent, q } = await run(STREAM, size);
      expect(got.toString(), `reads of ${size} bytes`).toBe(Buffer.concat(ROWS).toString());
      expect(toPg.equals(AFTER), `reads of ${size} bytes`).toBe(true);
      expect(sent).toEqual(['COPY x TO STDOUT']);
      expect(q.rowCount).toBe(4);
      expect(q.streaming).toBe(false);
    }
  });

  it('hands an ErrorResponse to pg whole, its header split across reads or not, and throws its error', async () => {
    const error = message('E', Buffer.from('SERROR\0Mboom\0\0'));
    for (const size of [1, 3, 4, 1000]) {
      const h = harness();
      const q = new CopyOutQuery('COPY x TO STDOUT');
      q.submit(h.connection);
      const got: Buffer[] = [];
      const reading = (async () => {
        for await (const piece of q.chunks()) got.push(Buffer.from(piece));
      })();
      await feed(h.stream, Buffer.concat([message('H', Buffer.from([1, 0, 0])), message('d', ROWS[0]!), error]), size);
      expect(Buffer.concat(h.toPg).equals(error), `reads of ${size} bytes`).toBe(true);
      q.handleError(new Error('boom'));
      await expect(reading).rejects.toThrow('boom');
      expect(Buffer.concat(got).equals(ROWS[0]!)).toBe(true);
    }
  });

  it('refuses a socket without exactly one data listener', () => {
    const stream = new PassThrough();
    expect(() => new CopyOutQuery('COPY x TO STDOUT').submit({ stream, query: () => undefined })).toThrow(
      'expected one data listener on the socket, found 0',
    );
  });

  it('ends a wait with the abort reason, and stays attached (the connection is then dropped)', async () => {
    const h = harness();
    const q = new CopyOutQuery('COPY x TO STDOUT');
    q.submit(h.connection);
    const controller = new AbortController();
    const reading = (async () => {
      for await (const piece of q.chunks(controller.signal)) void piece;
    })();
    await feed(h.stream, message('d', ROWS[0]!), 100);
    controller.abort(new Error('stop'));
    await expect(reading).rejects.toThrow('stop');
    expect(q.streaming).toBe(true);
  });

  it('a lost connection ends the iteration with its error', async () => {
    const h = harness();
    const q = new CopyOutQuery('COPY x TO STDOUT');
    q.submit(h.connection);
    const reading = (async () => {
      for await (const piece of q.chunks()) void piece;
    })();
    await feed(h.stream, message('d', ROWS[0]!).subarray(0, 7), 100);
    q.handleError(new Error('Connection terminated unexpectedly'));
    await expect(reading).rejects.toThrow('Connection terminated unexpectedly');
    expect(q.streaming).toBe(false);
  });
});
