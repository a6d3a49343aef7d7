/** A secret in the configuration appears in no log, no message, no event and no repository row. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addSales } from './support/memory-world.js';
import { createHarness } from './support/harness.js';

const SECRET = 'Pa55-w0rd_S3cret!';

describe('secrets', () => {
  it('are masked everywhere, on success and on failure', async () => {
    const h = createHarness({
      env: {
        MEMORY_PASSWORD: SECRET,
        OFFLOAD_REPOSITORY_URL: `postgres://goe:${encodeURIComponent(SECRET)}@db.example/goe`,
      },
    });
    addSales(h.world);
    h.world.databases.add('sh');
    h.world.faults.leak = SECRET;
    const ok = await h.run({
      execute: true,
      commandLine: [
        'goe',
        'offload',
        '-t',
        'SH.SALES',
        '-x',
        '--conn',
        `postgres://goe:${SECRET}@h/db`,
        `--note=${SECRET}`,
      ],
    });
    h.world.faults.failDescribe = true;
    const err = await h.fail({ execute: true, commandLine: `goe offload -t SH.SALES -x # ${SECRET}` });
    const errors = [err.message, err.hint ?? ''];
    expect(err.message).toBe('login failed for goe:***@memory');

    const texts = [
      ...readdirSync(join(h.home, 'log')).map((f) => readFileSync(join(h.home, 'log', f), 'utf8')),
      JSON.stringify(ok),
      ...errors,
      JSON.stringify(h.events),
      JSON.stringify(h.repo.commands),
      JSON.stringify(h.repo.steps),
      JSON.stringify(h.repo.chunks),
      JSON.stringify([...h.repo.metadata]),
    ];
    for (const t of texts) {
      expect(t).not.toContain(SECRET);
      expect(t).not.toContain(encodeURIComponent(SECRET));
    }
    // the leaks were there and got masked
    expect(texts[0]! + texts[1]).toContain('connecting as goe/***');
    expect(ok.warnings).toEqual(['memory frontend: password *** is weak']);
    expect(h.repo.commands[0]!.commandLine).toBe('goe offload -t SH.SALES -x --conn *** --note=***');
  });
});
