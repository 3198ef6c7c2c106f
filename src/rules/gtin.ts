/**
 * A GS1 item number (GTIN-8, UPC-A 12, EAN-13, GTIN-14) as the GTIN-14 it stands for: digits padded with
 * zeros on the left, so a UPC sent in an 850 (PO1 UP) finds the product stored with its EAN-13 or GTIN-14.
 * Undefined for anything that is not 8, 12, 13 or 14 digits (after removing blanks and dashes).
 */
export function gtin14(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const digits = value.replace(/[\s-]/g, '');
  if (!/^\d+$/.test(digits) || ![8, 12, 13, 14].includes(digits.length)) return undefined;
  return digits.padStart(14, '0');
}
