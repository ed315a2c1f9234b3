// Numbers written as the command line writes them (service/.../cli/SummaryPrinter.java), so that
// the example's output and `./backstop quote FILE` show the same figures the same way:
//
//   usd(949038.42)  '$949,038'     usd(2545163) '$2.55M'     usd(1.2e9) '$1.20B'    usd(-5) '-$5'
//   pct(0.018981)   '1.90%'        count(10000) '10,000'
//
// Java's String.format("%.Nf") rounds half up on the shortest decimal that reads back as the
// double (1.005 -> '1.01', 0.125 -> '0.13'), where Number.prototype.toFixed rounds the exact
// binary value (1.005 -> '1.00'); fixed() below does as Java does.

/** SummaryPrinter.usd: whole dollars with thousands separators below $1M, then $X.XXM, $X.XXB. */
export function usd(v: number): string {
  const a = Math.abs(v);
  const sign = v < 0 ? '-' : '';
  if (a >= 1e9) return `${sign}$${fixed(a / 1e9, 2)}B`;
  if (a >= 1e6) return `${sign}$${fixed(a / 1e6, 2)}M`;
  return `${sign}$${fixed(a, 0, true)}`;
}

/** SummaryPrinter.pct: a fraction as a percentage with two decimals (0.018981 -> '1.90%'). */
export function pct(fraction: number): string {
  return `${fixed(fraction * 100, 2)}%`;
}

/** Java's %,d: an integer (a number, or an int64 as proto-loader's decimal string) with thousands separators. */
export function count(n: number | string | bigint): string {
  const s = BigInt(n).toString();
  const digits = s.startsWith('-') ? s.slice(1) : s;
  return (s.startsWith('-') ? '-' : '') + group(digits);
}

/**
 * Java's String.format(Locale.ROOT, "%.{digits}f", v) (with `grouping`, "%,.{digits}f"): half up
 * on the shortest decimal of v, a minus sign for any negative value including -0.0, and NaN,
 * Infinity, -Infinity as Java writes them.
 */
export function fixed(v: number, digits: number, grouping = false): string {
  if (Number.isNaN(v)) return 'NaN';
  const sign = v < 0 || Object.is(v, -0) ? '-' : '';
  if (!Number.isFinite(v)) return `${sign}Infinity`;
  // |v| = 0.d1d2d3... x 10^point, from the shortest round-trip string (as Java's FloatingDecimal).
  const [mantissa, exponent = '0'] = Math.abs(v).toString().split('e');
  const [whole, fraction = ''] = mantissa.split('.');
  const all = whole + fraction;
  const significant = all.replace(/^0+/, '');
  const point = whole.length + Number(exponent) - (all.length - significant.length);
  // Keep the digits down to 10^-digits; round half up on the first one dropped.
  const keep = point + digits;
  let scaled: bigint; // round(|v| x 10^digits)
  if (significant === '' || keep < 0) {
    scaled = 0n;
  } else if (keep >= significant.length) {
    scaled = BigInt(significant + '0'.repeat(keep - significant.length));
  } else {
    scaled = BigInt(significant.slice(0, keep) || '0') + (significant[keep] >= '5' ? 1n : 0n);
  }
  const text = scaled.toString().padStart(digits + 1, '0');
  const intPart = text.slice(0, text.length - digits);
  const fracPart = text.slice(text.length - digits);
  return sign + (grouping ? group(intPart) : intPart) + (digits > 0 ? `.${fracPart}` : '');
}

function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
