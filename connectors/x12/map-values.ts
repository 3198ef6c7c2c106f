import type { Segment } from '../../src/x12/types.ts';
import type { Findings } from './map-diagnostics.ts';

/** Element `n` of a segment, trimmed (partners pad fixed-width values, e.g. "SP7301 "); undefined when empty. */
export function element(segment: Segment, n: number): string | undefined {
  const value = segment.elements[n]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** Element `n` or an `x12.element.1` (mandatory data element missing) finding. */
export function mandatory(findings: Findings, segment: Segment, n: number, name: string): string | undefined {
  const value = element(segment, n);
  if (value === undefined) {
    findings.elementError('1', `${segment.tag}${pad(n)} (${name}) is mandatory`, segment, n);
  }
  return value;
}

export function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * DT element (X12.6) to YYYY-MM-DD: CCYYMMDD, or YYMMDD as sent before 004010 and in 3010/3040 DTMs.
 * YYMMDD is windowed at 50: 00-49 are 20YY, 50-99 are 19YY (the standard defines no century).
 */
export function x12DateToIso(value: string): string | undefined {
  const match = /^(\d{2})?(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [, century, yy, mm, dd] = match as unknown as [string, string | undefined, string, string, string];
  const year = century === undefined ? (Number(yy) < 50 ? 2000 : 1900) + Number(yy) : Number(century + yy);
  const date = new Date(Date.UTC(year, Number(mm) - 1, Number(dd)));
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== Number(mm) - 1 ||
    date.getUTCDate() !== Number(dd)
  ) {
    return undefined;
  }
  return `${String(year).padStart(4, '0')}-${mm}-${dd}`;
}

/** A date element as YYYY-MM-DD, or an `x12.element.8` (invalid date) finding. */
export function readDate(findings: Findings, segment: Segment, n: number): string | undefined {
  const value = element(segment, n);
  if (value === undefined) return undefined;
  const iso = x12DateToIso(value);
  if (iso === undefined) {
    findings.elementError(
      '8',
      `${segment.tag}${pad(n)} "${value}" is not a valid CCYYMMDD or YYMMDD date`,
      segment,
      n,
    );
  }
  return iso;
}

/**
 * An X12 R/N value as a canonical decimal string: leading zeros and a dangling point removed
 * ("0008" → "8", ".5" → "0.5", "10." → "10"), fraction digits kept as sent so prices keep their cents.
 */
export function normalizeDecimal(value: string): string | undefined {
  if (isCanonicalDecimal(value)) return value;
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(value);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return undefined;
  const integer = match[2]!.replace(/^0+(?=\d)/, '') || '0';
  const fraction = match[3] ? `.${match[3]}` : '';
  const negative = match[1] === '-' && /[1-9]/.test(integer + fraction);
  return `${negative ? '-' : ''}${integer}${fraction}`;
}

/**
 * Whether `value` is already what normalizeDecimal returns for it: unsigned digits without leading zeros
 * ("0" alone is fine), optionally a point and at least one digit. Most quantities and prices are, and a
 * character scan is much cheaper than the regular expressions below (this runs several times per line).
 */
function isCanonicalDecimal(value: string): boolean {
  const n = value.length;
  if (n === 0 || (value.charCodeAt(0) === 48 && n > 1 && value.charCodeAt(1) !== 46)) return false;
  let point = -1;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c === 46 && point < 0 && i > 0) point = i;
    else if (c < 48 || c > 57) return false;
  }
  return point !== n - 1;
}

/** A decimal element, or an `x12.element.6` (invalid character) finding. */
export function readDecimal(findings: Findings, segment: Segment, n: number): string | undefined {
  const value = element(segment, n);
  if (value === undefined) return undefined;
  const decimal = normalizeDecimal(value);
  if (decimal === undefined) {
    findings.elementError('6', `${segment.tag}${pad(n)} "${value}" is not a decimal number`, segment, n);
  }
  return decimal;
}

/** A non-negative decimal (quantities); a negative one is a mapping error, the element being valid X12. */
export function readQuantity(findings: Findings, segment: Segment, n: number): string | undefined {
  const decimal = readDecimal(findings, segment, n);
  if (decimal?.startsWith('-')) {
    findings.error(
      'x12.mapping.negative_quantity',
      `${segment.tag}${pad(n)} quantity ${decimal} is negative`,
      segment,
      n,
    );
    return undefined;
  }
  return decimal;
}

/** A whole number element (days, counts) such as "045" or "000001", or an `x12.element.6` finding. */
export function readInteger(findings: Findings, segment: Segment, n: number): number | undefined {
  const value = element(segment, n);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) {
    findings.elementError('6', `${segment.tag}${pad(n)} "${value}" is not a whole number`, segment, n);
    return undefined;
  }
  return Number(value);
}

// Exact fast paths with a decimal.js fallback; re-exported so callers keep importing them from here.
export { sameDecimal, sumDecimals } from './map-decimal.ts';
