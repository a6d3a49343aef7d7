/**
 * `--transform-column` on an append to an existing backend table (issue #13): the transformations recorded in the
 * offload metadata are applied again (GOE retains table settings), the options are ignored with GOE-style
 * "Retaining …" notices naming them.
 */
import { describe, expect, it } from 'vitest';
import { planOffload, type BackendCapabilities } from '@goe/core';
import { retainedTransformNotices } from '../../src/runner/plan-offload.js';
import { goeError } from '../support/goe-error.js';
import { MEMORY_BACKEND_CAPABILITIES } from './support/memory-adapters.js';
import { addSales, createWorld } from './support/memory-world.js';

const PREFIX = 'Retaining --transform-column settings of the existing backend table';

describe('retainedTransformNotices', () => {
  it('lists the recorded settings; names the given values that differ (column case-insensitive, same params)', () => {
    expect(retainedTransformNotices(['SSN:null'], undefined)).toEqual([`${PREFIX}: SSN:null`]);
    expect(retainedTransformNotices(['SSN:null', "N:translate('a', 'b')"], ['ssn:NULL', 'n:translate(a, b)'])).toEqual([
      `${PREFIX}: SSN:null, N:translate('a', 'b')`,
    ]);
    expect(retainedTransformNotices(['SSN:null'], ['SSN:suppress', "N:translate('a', 'c')"])).toEqual([
      `${PREFIX}: SSN:null`,
      `${PREFIX}: ignoring --transform-column SSN:suppress, --transform-column N:translate('a', 'c')`,
    ]);
    // nothing recorded: the given values are ignored; a malformed one is named as given
    expect(retainedTransformNotices([], ['SSN:null', 'bad'])).toEqual([
      `${PREFIX}: ignoring --transform-column SSN:null, --transform-column bad`,
    ]);
    expect(retainedTransformNotices([], undefined)).toEqual([]);
  });
});

describe('planOffload: recordedTransforms of an existing backend table', () => {
  const world = createWorld();
  const source = addSales(world);
  const caps: BackendCapabilities = {
    ...MEMORY_BACKEND_CAPABILITIES,
    transformations: ['null', 'suppress', 'regexp_replace', 'translate'],
  };
  const input = {
    options: { table: 'SH.SALES' },
    source,
    frontend: 'memory',
    backend: { name: 'memory', displayName: 'Memory', capabilities: caps },
    target: { database: 'sh', table: 'sales', log: [] },
    existingBackendTable: true,
    transport: { method: 'NATIVE' as const, parallelism: 1, batchRows: 5000 },
    staging: { format: 'PARQUET' as const, compress: false, prefix: 'sh/sales/x' },
  };

  it('an append without the option applies the recorded transformations (a nulled column stays NULL)', () => {
    const plan = planOffload({ ...input, recordedTransforms: ['REGION:null'] });
    expect(plan.columnTransforms).toEqual([{ column: 'REGION', fn: 'null', params: [] }]);
    expect(plan.columns.find((c) => c.name === 'REGION')?.nullable).toBe(true);
    expect(plan.notices).toContain(`${PREFIX}: REGION:null`);
  });

  it('a different option on append is ignored with a notice naming it; the recorded ones apply', () => {
    const plan = planOffload({
      ...input,
      options: { table: 'SH.SALES', transformColumns: ['region:suppress'] },
      recordedTransforms: ['REGION:null'],
    });
    expect(plan.columnTransforms).toEqual([{ column: 'REGION', fn: 'null', params: [] }]);
    expect(plan.notices).toEqual(
      expect.arrayContaining([`${PREFIX}: REGION:null`, `${PREFIX}: ignoring --transform-column region:suppress`]),
    );
  });

  it('nothing recorded: the options are ignored; a new table, or no metadata, applies the options', () => {
    const options = { table: 'SH.SALES', transformColumns: ['region:null'] };
    const none = planOffload({ ...input, options, recordedTransforms: [] });
    expect(none.columnTransforms).toBeUndefined();
    expect(none.notices).toContain(`${PREFIX}: ignoring --transform-column region:null`);
    expect(
      planOffload({ ...input, options, existingBackendTable: false, recordedTransforms: [] }).columnTransforms,
    ).toHaveLength(1);
    expect(planOffload({ ...input, options }).columnTransforms).toHaveLength(1);
  });

  it('a recorded transformation the backend no longer supports is refused as the option would be', () => {
    const e = goeError(() =>
      planOffload({
        ...input,
        backend: { ...input.backend, capabilities: MEMORY_BACKEND_CAPABILITIES },
        recordedTransforms: ['REGION:null'],
      }),
    );
    expect(e).toMatchObject({ code: 'OPTION_INVALID', variable: '--transform-column' });
  });
});
