/** Pixels per barcode module in the PNG bwip-js draws; the PDF scales the image to its own module width. */
const SCALE = 2;

/** The GS1 check digit of an SSCC's first 17 digits (GS1 General Specifications §7.9.1: weights 3, 1 from the right). */
export function ssccCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[16 - i]) * (i % 2 === 0 ? 3 : 1);
  return String((10 - (sum % 10)) % 10);
}

/** Whether an 18-digit SSCC ends in its right check digit. */
export function ssccValid(sscc: string): boolean {
  return /^\d{18}$/.test(sscc) && ssccCheckDigit(sscc.slice(0, 17)) === sscc[17];
}

/** An SSCC as the human-readable line under its barcode prints it: "(00) 106141411234567897". */
export function ssccText(sscc: string): string {
  return `(00) ${sscc}`;
}

/**
 * The GS1-128 barcode of an SSCC (application identifier 00, FNC1 first: what a receiving dock scans) as a PNG,
 * with its size in modules so the caller draws it at the module width it wants. The human-readable line is
 * the caller's (drawn as PDF text, so it can be searched and extracted). bwip-js is loaded here, on first use.
 */
export async function ssccBarcodePng(sscc: string): Promise<{ png: Uint8Array; modules: number }> {
  const { default: bwipjs } = await import('bwip-js');
  const png = await bwipjs.toBuffer({
    bcid: 'gs1-128',
    text: `(00)${sscc}`,
    scale: SCALE,
    height: 12,
    includetext: false,
    paddingwidth: 0,
    paddingheight: 0,
  });
  // PNG IHDR: the width is the big-endian 32-bit integer at byte 16
  const width = png.readUInt32BE(16);
  return { png: new Uint8Array(png), modules: width / SCALE };
}
