/** GOE's integral detection (reference §2.1), shared by the frontends. */
import { describe, expect, it } from 'vitest';
import { integralCanonicalType } from '@goe/core';

describe('integralCanonicalType (§2.1)', () => {
  it.each([
    [1, 'INTEGER_1'],
    [2, 'INTEGER_1'],
    [3, 'INTEGER_2'],
    [4, 'INTEGER_2'],
    [5, 'INTEGER_4'],
    [9, 'INTEGER_4'],
    [10, 'INTEGER_8'],
    [16, 'INTEGER_8'],
    [17, 'INTEGER_8'],
    [18, 'INTEGER_8'],
    [19, 'INTEGER_38'],
    [38, 'INTEGER_38'],
  ])('precision %i, scale 0, safe → %s', (p, want) => {
    expect(integralCanonicalType(p, 0, true)).toBe(want);
  });

  it('an unsafe (sampled) 17–18 digit integer is INTEGER_38: a sample on the edge of INT8 rounds up', () => {
    expect(integralCanonicalType(17, 0, false)).toBe('INTEGER_38');
    expect(integralCanonicalType(18, 0, false)).toBe('INTEGER_38');
    expect(integralCanonicalType(16, 0, false)).toBe('INTEGER_8');
  });

  it('no integral type for a scale, no precision, precision 0 or above 38', () => {
    expect(integralCanonicalType(10, 2, true)).toBeUndefined();
    expect(integralCanonicalType(undefined, 0, true)).toBeUndefined();
    expect(integralCanonicalType(0, 0, true)).toBeUndefined();
    expect(integralCanonicalType(39, 0, true)).toBeUndefined();
  });
});
