import { describe, expect, it } from 'vitest';
import { checkStagingCompatibility, isGoeError, type StagingCompatibilityInput } from '@goe/core';

const input = (o: Partial<StagingCompatibilityInput> = {}): StagingCompatibilityInput => ({
  backend: { name: 'quack', capabilities: { staging: { schemes: ['file'], formats: ['PARQUET'] } } },
  transport: { name: 'native', capabilities: { staging: { schemes: '*', formats: ['PARQUET', 'AVRO'] } } },
  storage: { name: 'file', capabilities: { scheme: 'file' } },
  format: 'PARQUET',
  ...o,
});

function refusal(o: Partial<StagingCompatibilityInput>) {
  try {
    checkStagingCompatibility(input(o));
  } catch (e) {
    if (isGoeError(e)) return { code: e.code, message: e.message, variable: e.variable };
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('checkStagingCompatibility', () => {
  it('accepts matching schemes and formats, a "*" transport and a store alias', () => {
    expect(() => checkStagingCompatibility(input())).not.toThrow();
    expect(() =>
      checkStagingCompatibility(
        input({
          backend: { name: 'quack', capabilities: { staging: { schemes: ['s3a'], formats: ['PARQUET'] } } },
          storage: { name: 's3', capabilities: { scheme: 's3', aliases: ['s3a'] } },
          format: 'parquet',
        }),
      ),
    ).not.toThrow();
  });

  it('names the backend, the scheme and OFFLOAD_FS_SCHEME when the backend cannot load from the store', () => {
    expect(
      refusal({ backend: { name: 'quack', capabilities: { staging: { schemes: ['gs'], formats: ['PARQUET'] } } } }),
    ).toEqual({
      code: 'CONFIG_INVALID',
      variable: 'OFFLOAD_FS_SCHEME',
      message:
        'Backend quack cannot load staging files from scheme file (it loads from: gs); set OFFLOAD_FS_SCHEME to gs',
    });
    expect(
      refusal({
        backend: { name: 'quack', capabilities: { staging: { schemes: ['gs', 's3'], formats: ['PARQUET'] } } },
      }).message,
    ).toMatch(/\(it loads from: gs, s3\); set OFFLOAD_FS_SCHEME to one of gs, s3$/);
  });

  it('names the transport and --offload-transport-method when the transport cannot write to the store', () => {
    expect(
      refusal({ transport: { name: 'sqoop', capabilities: { staging: { schemes: ['hdfs'], formats: ['PARQUET'] } } } }),
    ).toEqual({
      code: 'CONFIG_INVALID',
      variable: '--offload-transport-method',
      message:
        'Transport sqoop cannot write staging files to scheme file (it writes to: hdfs); choose another transport with --offload-transport-method or set OFFLOAD_FS_SCHEME to hdfs',
    });
  });

  it('names OFFLOAD_STAGING_FORMAT for a format either side cannot handle, suggesting a common one', () => {
    expect(refusal({ format: 'AVRO' })).toEqual({
      code: 'CONFIG_INVALID',
      variable: 'OFFLOAD_STAGING_FORMAT',
      message:
        'Backend quack cannot load staging format AVRO (it loads: PARQUET); set OFFLOAD_STAGING_FORMAT to PARQUET',
    });
    const avroBackend = { name: 'quack', capabilities: { staging: { schemes: ['file'], formats: ['AVRO' as const] } } };
    const parquetOnly = {
      name: 'native',
      capabilities: { staging: { schemes: '*' as const, formats: ['PARQUET' as const] } },
    };
    expect(refusal({ backend: avroBackend, transport: parquetOnly, format: 'AVRO' })).toEqual({
      code: 'CONFIG_INVALID',
      variable: 'OFFLOAD_STAGING_FORMAT',
      message:
        'Transport native cannot write staging format AVRO (it writes: PARQUET); no format suits both; choose another transport with --offload-transport-method',
    });
  });
});
