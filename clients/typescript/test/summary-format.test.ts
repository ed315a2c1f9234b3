// The example's number formatting against the command line's, without a server: each expected
// string is what SummaryPrinter.usd / SummaryPrinter.pct / String.format(Locale.ROOT, "%,d")
// (service/src/main/java/io/backstop/service/cli/SummaryPrinter.java) return for the value on
// JDK 17. The half-up cases (2.675e6, 0.04135, 0.01005, 0.5) are where toFixed and
// toLocaleString round differently from Java.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { count, pct, usd } from '../examples/summary-format.js';

const USD: [number, string][] = [
  [0, '$0'],
  [-0, '$0'],
  [1, '$1'],
  [0.5, '$1'],
  [2.5, '$3'],
  [999, '$999'],
  [999.49, '$999'],
  [999.5, '$1,000'],
  [1000, '$1,000'],
  [12345.678, '$12,346'],
  [949038.42, '$949,038'],
  [999999.49, '$999,999'],
  [999999.5, '$1,000,000'],
  [1e6, '$1.00M'],
  [1005000, '$1.01M'],
  [2545163, '$2.55M'],
  [2675000, '$2.68M'],
  [5090326, '$5.09M'],
  [22850000, '$22.85M'],
  [999994999, '$999.99M'],
  [999995000, '$1000.00M'],
  [1e9, '$1.00B'],
  [1.2e9, '$1.20B'],
  [1.2345e12, '$1234.50B'],
  [-5, '-$5'],
  [-0.3, '-$0'],
  [-949038.42, '-$949,038'],
  [-2545163, '-$2.55M'],
  [-1.2e9, '-$1.20B'],
  [NaN, '$NaN'],
  [Infinity, '$InfinityB'],
  [-Infinity, '-$InfinityB'],
];

const PCT: [number, string][] = [
  [0, '0.00%'],
  [-0, '-0.00%'],
  [0.018981, '1.90%'],
  [0.0414, '4.14%'],
  [0.04135, '4.14%'],
  [0.01005, '1.01%'],
  [0.0025, '0.25%'],
  [0.00005, '0.01%'],
  [0.95, '95.00%'],
  [0.99, '99.00%'],
  [0.995, '99.50%'],
  [1, '100.00%'],
  [1.5, '150.00%'],
  [-0.1, '-10.00%'],
  [-0.00001, '-0.00%'],
  [NaN, 'NaN%'],
];

const COUNT: [number | string, string][] = [
  [0, '0'],
  [999, '999'],
  [1000, '1,000'],
  [10000, '10,000'],
  [1234567, '1,234,567'],
  [-1234567, '-1,234,567'],
  ['1830', '1,830'], // an int64 (elapsedMillis) as proto-loader gives it
  ['9223372036854775807', '9,223,372,036,854,775,807'], // Long.MAX_VALUE
];

describe('examples/summary-format, as SummaryPrinter writes figures', () => {
  it('usd: whole dollars below $1M, then $X.XXM and $X.XXB, half up, sign before the $', () => {
    for (const [v, expected] of USD) assert.equal(usd(v), expected, `usd(${Object.is(v, -0) ? '-0' : v})`);
  });

  it('pct: two decimals, half up on the shortest decimal of fraction x 100', () => {
    for (const [v, expected] of PCT) assert.equal(pct(v), expected, `pct(${Object.is(v, -0) ? '-0' : v})`);
  });

  it('count: thousands separators, for numbers and int64 strings', () => {
    for (const [v, expected] of COUNT) assert.equal(count(v), expected, `count(${JSON.stringify(v)})`);
  });
});
