import { describe, expect, it } from 'vitest';
import { DEFAULT_SECRET_OPTIONS, GoeError, MASK, createMasker, maskArgv, maskObject, maskSecrets } from '@goe/core';

describe('createMasker / maskSecrets', () => {
  it('masks a secret in raw, URL-encoded (either hex case, + for space), decoded and JSON-escaped forms', () => {
    const secret = 'p@ss w/rd"x';
    const m = createMasker([secret]);
    for (const form of [
      secret,
      encodeURIComponent(secret),
      encodeURIComponent(secret).toLowerCase(),
      encodeURIComponent(secret).replace(/%20/g, '+'),
      encodeURI(secret),
      JSON.stringify(secret).slice(1, -1),
    ]) {
      expect(m.mask(`before ${form} after`)).toBe(`before ${MASK} after`);
    }
    expect(createMasker(['S3cr3t-p%40ss']).mask('decoded S3cr3t-p@ss')).toBe(`decoded ${MASK}`);
  });

  it('registers the password of a secret URL, raw and decoded', () => {
    const m = createMasker(['postgres://goe:S3cr3t-p%40ss@db.example.com:5432/goe']);
    expect(m.mask('postgres://goe:S3cr3t-p%40ss@db.example.com:5432/goe')).toBe(MASK);
    expect(m.mask('password S3cr3t-p%40ss or S3cr3t-p@ss')).toBe(`password ${MASK} or ${MASK}`);
  });

  it('masks the password of any scheme://user:password@host URL, even when not declared', () => {
    expect(maskSecrets('connect postgres://goe:xyz@h:5432/db now')).toBe(
      `connect postgres://goe:${MASK}@h:5432/db now`,
    );
    expect(maskSecrets('jdbc:oracle://u:p@h/s')).toBe(`jdbc:oracle://u:${MASK}@h/s`);
    expect(maskSecrets('redis://:tok@h:6379')).toBe(`redis://:${MASK}@h:6379`);
    expect(maskSecrets("'mysql://u:p@ss@h/d'")).toBe(`'mysql://u:${MASK}@h/d'`);
    expect(maskSecrets('a postgres://u:p1@h1/d b postgres://v:p2@h2/d')).toBe(
      `a postgres://u:${MASK}@h1/d b postgres://v:${MASK}@h2/d`,
    );
    // no password: untouched; a port followed by a path is not a password
    expect(maskSecrets('postgres://goe@h/db and gs://bucket/x')).toBe('postgres://goe@h/db and gs://bucket/x');
    expect(maskSecrets('http://host:8080/mail@x')).toBe('http://host:8080/mail@x');
  });

  it('masks password=… style pairs', () => {
    expect(maskSecrets('user=goe password=abc;host=h')).toBe(`user=goe password=${MASK};host=h`);
    expect(maskSecrets('ORA_APP_PASS=abc OFFLOAD_LISTENER_SHARED_TOKEN="x y"')).toBe(
      `ORA_APP_PASS=${MASK} OFFLOAD_LISTENER_SHARED_TOKEN=${MASK}`,
    );
    expect(maskSecrets('https://h/?api_key=123&x=1')).toBe(`https://h/?api_key=${MASK}&x=1`);
    expect(maskSecrets('bypass=1 compass=2 OFFLOAD_TRANSPORT_PASSWORD_ALIAS=alias')).toBe(
      'bypass=1 compass=2 OFFLOAD_TRANSPORT_PASSWORD_ALIAS=alias',
    );
  });

  it('prefers the longest secret and masks overlapping ones', () => {
    const m = createMasker(['abc', 'abcdef']);
    expect(m.mask('xabcdefx abc')).toBe(`x${MASK}x ${MASK}`);
    m.add('zzz', '', undefined, 42);
    expect(m.size).toBe(3);
    expect(m.mask('zzz')).toBe(MASK);
  });

  it('treats regular-expression characters in secrets literally', () => {
    expect(maskSecrets('a.b a+b (x)', ['a+b', '(x)'])).toBe(`a.b ${MASK} ${MASK}`);
  });

  it('never throws on odd input', () => {
    const m = createMasker(['s']);
    const nasty = {
      toString() {
        throw new Error('no');
      },
    };
    expect(m.mask(undefined)).toBe('');
    expect(m.mask(null)).toBe('null');
    expect(m.mask(12)).toBe('12');
    expect(m.mask(Symbol('s'))).toBe(`Symbol(${MASK})`);
    expect(m.mask(nasty)).toBe('[Unprintable]');
    expect(maskSecrets('x', [null, {}, 'x'] as unknown[])).toBe(MASK);
    expect(maskSecrets('%E0%A4%A', ['%E0%A4%A'])).toBe(MASK);
  });
});

describe('maskArgv', () => {
  it('masks values of secret options in both forms, and secrets anywhere', () => {
    const argv = [
      'offload',
      '-t',
      'SH.SALES',
      '--password',
      'pw1',
      '--password=pw2',
      '--conn',
      'postgres://u:pw3@h/d',
      '--conn=postgres://u:pw3@h/d',
      '--offload-transport-password=pw4',
      '--target-conn',
      'x',
      '--note=contains-SECRETVALUE-inside',
      '--url=mysql://a:b@c/d',
      '-x',
    ];
    expect(maskArgv(argv, { secrets: ['SECRETVALUE'] })).toEqual([
      'offload',
      '-t',
      'SH.SALES',
      '--password',
      MASK,
      `--password=${MASK}`,
      '--conn',
      MASK,
      `--conn=${MASK}`,
      `--offload-transport-password=${MASK}`,
      '--target-conn',
      MASK,
      `--note=contains-${MASK}-inside`,
      `--url=mysql://a:${MASK}@c/d`,
      '-x',
    ]);
  });

  it('uses the given secret options instead of the defaults, case-insensitively; the suffix rule always applies', () => {
    expect(DEFAULT_SECRET_OPTIONS).toContain('--password');
    expect(maskArgv(['--Vault', 'v', '--user', 'c', '--db-pass', 'p'], { secretOptions: ['--vault'] })).toEqual([
      '--Vault',
      MASK,
      '--user',
      'c',
      '--db-pass',
      MASK,
    ]);
  });

  it('works through a masker and never throws', () => {
    const m = createMasker(['tok']);
    expect(m.maskArgv(['a', 'tok', 3, null, undefined])).toEqual(['a', MASK, '3', 'null', '']);
    expect(maskArgv(undefined as unknown as string[])).toEqual([]);
    expect(maskArgv(['--password'])).toEqual(['--password']);
  });
});

describe('maskObject', () => {
  it('deep-copies with secret keys and strings masked', () => {
    const input = {
      url: 'postgres://u:pw@h/d',
      password: 'pw',
      ORA_APP_PASS: 'pw',
      POSTGRES_CONN: 'postgres://u@h/d',
      apiToken: 'tok',
      secret: true,
      emptyPassword: '',
      nested: [{ msg: 'has SECRETVALUE', n: 1, ok: null }],
      when: new Date('2025-01-31T00:00:00Z'),
      big: 12n,
      bytes: new Uint8Array(3),
      fn() {},
    };
    expect(maskObject(input, { secrets: ['SECRETVALUE'] })).toEqual({
      url: `postgres://u:${MASK}@h/d`,
      password: MASK,
      ORA_APP_PASS: MASK,
      POSTGRES_CONN: MASK,
      apiToken: MASK,
      secret: true,
      emptyPassword: '',
      nested: [{ msg: `has ${MASK}`, n: 1, ok: null }],
      when: '2025-01-31T00:00:00.000Z',
      big: '12',
      bytes: '[3 bytes]',
      fn: '[Function]',
    });
    expect(input.password).toBe('pw');
  });

  it('handles errors, maps, sets, cycles, depth and throwing getters', () => {
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic['self'] = cyclic;
    const getter = Object.defineProperty({}, 'boom', {
      enumerable: true,
      get() {
        throw new Error('x');
      },
    });
    const err = new GoeError('ENGINE_ERROR', 'failed for postgres://u:pw@h/d', { sql: "select 'SECRETVALUE'" });
    const result = maskObject(
      {
        err,
        map: new Map([
          ['password', 'x'],
          ['k', 'SECRETVALUE'],
        ]),
        set: new Set(['SECRETVALUE']),
        cyclic,
        getter,
        plain: new Error('SECRETVALUE'),
      },
      { secrets: ['SECRETVALUE'] },
    );
    expect(result).toEqual({
      err: {
        name: 'GoeError',
        code: 'ENGINE_ERROR',
        message: `failed for postgres://u:${MASK}@h/d`,
        sql: `select '${MASK}'`,
      },
      map: { password: MASK, k: MASK },
      set: [MASK],
      cyclic: { name: 'a', self: '[Circular]' },
      getter: { boom: '[Unreadable]' },
      plain: { name: 'Error', message: MASK },
    });
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 40; i++) deep = (deep['d'] = {}) as Record<string, unknown>;
    expect(JSON.stringify(maskObject(root, { maxDepth: 3 }))).toBe('{"d":{"d":{"d":{"d":"[Too deep]"}}}}');
    const proxy = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no');
        },
      },
    );
    expect(maskObject(proxy)).toBe('[Unreadable]');
    expect(maskObject('postgres://a:b@c')).toBe(`postgres://a:${MASK}@c`);
    expect(maskObject(undefined)).toBeUndefined();
  });
});
