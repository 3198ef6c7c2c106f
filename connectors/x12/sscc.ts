import { permanent } from '../../src/core/errors.ts';

/** SSCC-18, the GS1 Serial Shipping Container Code on every carton and pallet label (856 MAN*GM). */

/**
 * GS1 mod-10 check digit of the first 17 digits of an SSCC-18 (GS1 General Specifications, "Check digit
 * calculation": weights 3, 1, 3 … from the rightmost digit, the check digit brings the sum to a multiple of 10).
 */
export function ssccCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw permanent(
      'shipment.sscc_invalid',
      `"${first17}" is not the 17 digits an SSCC check digit is made of`,
    );
  }
  let sum = 0;
  // with 17 digits the leftmost one, like the rightmost, has weight 3
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (i % 2 === 0 ? 3 : 1);
  return String((10 - (sum % 10)) % 10);
}

/** Whether `value` is 18 digits ending in the right GS1 check digit. */
export function isValidSscc(value: string): boolean {
  return /^\d{18}$/.test(value) && ssccCheckDigit(value.slice(0, 17)) === value[17];
}
