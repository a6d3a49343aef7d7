/** Test helper: a writable stream that keeps what is written to it (the Reporter's stderr in tests). */
import { Writable } from 'node:stream';

/** A stream and the text written to it so far. */
export function capture(): { stream: Writable; text: () => string } {
  let out = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      out += chunk.toString();
      cb();
    },
  });
  return { stream, text: () => out };
}
