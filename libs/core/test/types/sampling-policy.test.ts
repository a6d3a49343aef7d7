/**
 * GOE's sampling policy shared by every frontend (reference §2.1): the AUTO sample size, the number a sample's digits
 * give, decimal padding and the options that skip sampling next time.
 */
import { describe, expect, it } from 'vitest';
import {
  autoSamplePercent,
  MAX_PADDED_PRECISION,
  padSampledDecimal,
  sampledNumber,
  skipSamplingOptions,
} from '../../src/index.js';

describe('autoSamplePercent', () => {
  it('AUTO: 100 % up to 1 GiB (or an unknown size), log10(GiB) GiB worth above, floored; explicit values as given', () => {
    expect(autoSamplePercent(-1, undefined)).toBe(100);
    expect(autoSamplePercent(-1, 1024 ** 3)).toBe(100);
    expect(autoSamplePercent(-1, 5 * 1024 ** 3)).toBeCloseTo(20); // log10(5) < 1 → 1 GiB of 5
    expect(autoSamplePercent(-1, 100 * 1024 ** 3)).toBeCloseTo(2);
    expect(autoSamplePercent(-1, 1024 ** 7)).toBe(0.000001);
    expect(autoSamplePercent(0, 100 * 1024 ** 3)).toBe(0);
    expect(autoSamplePercent(7.5, 10)).toBe(7.5);
  });
});

describe('sampledNumber', () => {
  it('integral digits and scale → INTEGER_n by the unsafe rule (17–18 digits round up), else DECIMAL(p,s)', () => {
    expect(sampledNumber(2, 0)).toEqual({ dataType: 'INTEGER_1', precision: 2, scale: 0 });
    expect(sampledNumber(9, 0)).toEqual({ dataType: 'INTEGER_4', precision: 9, scale: 0 });
    expect(sampledNumber(16, 0)).toEqual({ dataType: 'INTEGER_8', precision: 16, scale: 0 });
    expect(sampledNumber(17, 0)).toEqual({ dataType: 'INTEGER_38', precision: 17, scale: 0 });
    expect(sampledNumber(3, 2)).toEqual({ dataType: 'DECIMAL', precision: 5, scale: 2 });
    expect(sampledNumber(0, 0)).toEqual({ dataType: 'INTEGER_1', precision: 1, scale: 0 });
    expect(sampledNumber(0, 4)).toEqual({ dataType: 'DECIMAL', precision: 4, scale: 4 });
    expect(sampledNumber(40, 0)).toEqual({ dataType: 'DECIMAL', precision: 40, scale: 0 });
  });
});

describe('padSampledDecimal', () => {
  it('adds digits to the integral part and the scale within 38 digits; integers, 0 and 38-digit decimals unchanged', () => {
    expect(padSampledDecimal({ dataType: 'DECIMAL', precision: 13, scale: 1 }, 2)).toEqual({
      dataType: 'DECIMAL',
      precision: 17,
      scale: 3,
    });
    expect(padSampledDecimal({ dataType: 'DECIMAL', precision: 36, scale: 2 }, 2)).toEqual({
      dataType: 'DECIMAL',
      precision: MAX_PADDED_PRECISION,
      scale: 2,
    });
    expect(padSampledDecimal({ dataType: 'DECIMAL', precision: 35, scale: 1 }, 2)).toEqual({
      dataType: 'DECIMAL',
      precision: 38,
      scale: 2,
    });
    const int = { dataType: 'INTEGER_4', precision: 9, scale: 0 } as const;
    expect(padSampledDecimal(int, 2)).toBe(int);
    const dec = { dataType: 'DECIMAL', precision: 5, scale: 2 } as const;
    expect(padSampledDecimal(dec, 0)).toBe(dec);
    const unsized = { dataType: 'DECIMAL' } as const;
    expect(padSampledDecimal(unsized, 2)).toBe(unsized);
  });
});

describe('skipSamplingOptions', () => {
  it('names the option of each sampled type', () => {
    expect(skipSamplingOptions('X', { dataType: 'INTEGER_1' })).toBe('--integer-1-columns X');
    expect(skipSamplingOptions('X', { dataType: 'INTEGER_2' })).toBe('--integer-2-columns X');
    expect(skipSamplingOptions('X', { dataType: 'INTEGER_4' })).toBe('--integer-4-columns X');
    expect(skipSamplingOptions('X', { dataType: 'INTEGER_8' })).toBe('--integer-8-columns X');
    expect(skipSamplingOptions('X', { dataType: 'INTEGER_38' })).toBe('--integer-38-columns X');
    expect(skipSamplingOptions('X', { dataType: 'DECIMAL', precision: 7, scale: 2 })).toBe(
      '--decimal-columns X --decimal-columns-type 7,2',
    );
  });
});
