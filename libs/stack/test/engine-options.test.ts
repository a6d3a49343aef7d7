import { describe, expect, it } from 'vitest';
import { ENGINE_OPTION_PROVIDERS, engineOptionPackages, engineOptionRefusal, FIRST_PARTY_CATALOG } from '@goe/stack';

const row = (flag: string) => {
  const r = ENGINE_OPTION_PROVIDERS.find((p) => p.flag === flag);
  if (r === undefined) throw new Error(`no row for ${flag}`);
  return r;
};

describe('ENGINE_OPTION_PROVIDERS', () => {
  it('names only adapters of the first-party catalog, each flag once', () => {
    const flags = ENGINE_OPTION_PROVIDERS.map((p) => p.flag);
    expect(new Set(flags).size).toBe(flags.length);
    for (const p of ENGINE_OPTION_PROVIDERS) {
      expect(p.flag).toMatch(/^--[a-z0-9-]+$/);
      for (const name of p.adapters) {
        expect(FIRST_PARTY_CATALOG.adapters.some((e) => e.kind === p.kind && e.name === name)).toBe(true);
      }
      expect(engineOptionPackages(p).length).toBeGreaterThan(0);
    }
  });

  it('gives each engine option the packages that provide it', () => {
    expect(engineOptionPackages(row('--purge'))).toEqual(['@goe/backend-hive', '@goe/backend-impala']);
    expect(engineOptionPackages(row('--offload-chunk-impala-insert-hint'))).toEqual(['@goe/backend-impala']);
    expect(engineOptionPackages(row('--bucket-hash-column'))).toEqual(['@goe/backend-synapse']);
    expect(engineOptionPackages(row('--storage-format'))).toEqual([
      '@goe/backend-bigquery',
      '@goe/backend-hive',
      '@goe/backend-impala',
    ]);
    expect(engineOptionPackages(row('--offload-transport-dsn'))).toEqual([
      '@goe/transport-spark',
      '@goe/transport-livy',
      '@goe/transport-dataproc',
      '@goe/transport-sqoop',
    ]);
    expect(engineOptionPackages(row('--sqoop-additional-options'))).toEqual(['@goe/transport-sqoop']);
  });

  it('refuses in one line naming the option, its family, the packages and the selecting setting', () => {
    expect(engineOptionRefusal(row('--purge'), 'duckdb')).toBe(
      '--purge is a GOE option of the Hive and Impala backends; it needs @goe/backend-hive or ' +
        '@goe/backend-impala with QUERY_ENGINE=HIVE|IMPALA (this command uses DUCKDB)',
    );
    expect(engineOptionRefusal(row('--bucket-hash-column'))).toBe(
      '--bucket-hash-column is a GOE option of the Synapse backend; it needs @goe/backend-synapse with ' +
        'QUERY_ENGINE=SYNAPSE',
    );
    expect(engineOptionRefusal(row('--sqoop-mapreduce-map-java-opts'), 'AUTO')).toBe(
      '--sqoop-mapreduce-map-java-opts is a GOE option of the Sqoop transports; it needs @goe/transport-sqoop ' +
        'with --offload-transport-method SQOOP|SQOOP_BY_QUERY (this command uses AUTO)',
    );
    expect(engineOptionRefusal(row('--offload-transport-queue-name'), 'NATIVE')).toContain(
      '@goe/transport-spark, @goe/transport-livy, @goe/transport-dataproc or @goe/transport-sqoop',
    );
  });
});
