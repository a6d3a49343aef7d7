/**
 * Test support: the emulator endpoint provided by global-setup.ts, a describe that skips (printing why) or, with
 * CI=true, fails when no emulator runs, fresh buckets, and a fault-injecting HTTP proxy in front of the emulator.
 */
import { randomBytes } from 'node:crypto';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Storage } from '@google-cloud/storage';
import { inject } from 'vitest';
import { emulatorDescribe as sharedEmulatorDescribe } from '../../../../tools/test-support/emulator-describe.js';
import { gcsClientOptions } from '../src/index.js';

/** The emulator's endpoint ('' when none runs). */
export const endpoint = inject('gcsEndpoint');
const missing = inject('gcsMissing');

/** `describe` when fake-gcs-server runs; otherwise skipped with the reason in its title, or failing with CI=true. */
export function emulatorDescribe(title: string, body: () => void): void {
  sharedEmulatorDescribe(title, endpoint, missing, body);
}

/** A client of the emulator with the store's own client options. */
export function emulatorClient(): Storage {
  return new Storage(gcsClientOptions({ bucket: 'unused', prefix: '', endpoint, maxRetries: 0 }));
}

/** Creates a bucket with a unique name on the emulator and returns its name. */
export async function freshBucket(client = emulatorClient()): Promise<string> {
  const name = `goe-test-${randomBytes(5).toString('hex')}`;
  await client.createBucket(name);
  return name;
}

/** What the fault proxy does with one request: pass it, answer it itself, or corrupt a body. */
export type FaultAction =
  | 'pass'
  | { readonly status: number; readonly body?: string }
  | 'corrupt-request'
  | 'corrupt-response';

/** An HTTP proxy in front of the emulator that applies `rule` to every request and records them. */
export interface FaultProxy {
  readonly url: string;
  /** `METHOD path` of every request seen, in order. */
  readonly seen: string[];
  rule: (method: string, url: string) => FaultAction;
  close(): Promise<void>;
}

const flip = (b: Buffer): Buffer => {
  if (b.length > 0) b[Math.floor(b.length / 2)]! ^= 0xff;
  return b;
};

async function body(stream: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

/**
 * Starts a fault proxy on a free loopback port in front of `target`.
 *
 * @example
 * const proxy = await faultProxy(endpoint); proxy.rule = (m) => (m === 'PUT' ? { status: 503 } : 'pass');
 */
export async function faultProxy(target: string): Promise<FaultProxy> {
  const to = new URL(target);
  const seen: string[] = [];
  const proxy: FaultProxy = { url: '', seen, rule: () => 'pass', close: async () => undefined };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const method = req.method ?? 'GET';
      const url = req.url ?? '/';
      seen.push(`${method} ${url}`);
      const action = proxy.rule(method, url);
      const input = await body(req);
      if (typeof action === 'object') {
        res.writeHead(action.status, { 'content-type': 'application/json' });
        res.end(
          action.body ?? JSON.stringify({ error: { code: action.status, message: `injected ${action.status}` } }),
        );
        return;
      }
      const headers = { ...req.headers, host: to.host };
      const out = request({ host: to.hostname, port: to.port, method, path: url, headers }, (upstream) => {
        void (async () => {
          let data = await body(upstream);
          if (action === 'corrupt-response') data = flip(Buffer.from(data));
          const h = { ...upstream.headers };
          delete h['transfer-encoding'];
          h['content-length'] = String(data.length);
          // the emulator's external URL in Location headers points back at the proxy
          if (typeof h.location === 'string') h.location = h.location.replace(target, proxy.url);
          res.writeHead(upstream.statusCode ?? 502, h);
          res.end(data);
        })();
      });
      out.on('error', (e) => {
        res.writeHead(502);
        res.end(String(e));
      });
      out.end(action === 'corrupt-request' ? flip(Buffer.from(input)) : input);
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  (proxy as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () => new Promise((r) => server.close(() => r()));
  return proxy;
}
