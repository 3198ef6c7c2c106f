import { isValidSscc } from '../../x12/sscc.ts';

/** Pixels per barcode module in the PNG bwip-js draws; the PDF scales the image to its own module width. */
const SCALE = 2;

/** Whether an 18-digit SSCC ends in its right check digit (the 856's own check, connectors/x12/sscc.ts). */
export const ssccValid = isValidSscc;

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
