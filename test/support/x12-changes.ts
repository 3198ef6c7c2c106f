import { X12Parser } from 'node-x12';
import { HARBOR_SENDER } from './wholesale-setup.ts';

const pad = (s: string, n: number) => s.padEnd(n, ' ');

/** Item qualifier (POC-08, -10 …) for each kind of item number a line carries. */
const QUALIFIER: Record<string, string> = {
  upc: 'UP',
  ean: 'EN',
  gtin: 'UK',
  buyerItem: 'BP',
  vendorItem: 'VN',
  sku: 'SK',
};

/** 860 POC-02 change or response type codes (670) the built-in 860 mapping reads. */
export type PocCode = 'AI' | 'DI' | 'QI' | 'QD' | 'PC' | 'CA' | 'CT' | 'RZ' | 'NC';

/** One 860 line: POC with the line number, the change, the quantity after it, unit, price, item numbers. */
export interface X12ChangeLine {
  lineNumber: string;
  code: PocCode;
  /** POC-03, the quantity ordered after the change (absent: a deletion names none). */
  quantity?: string;
  uom?: string;
  unitPrice?: string;
  items: Record<string, string>;
}

/**
 * An interchange of one 860 from the example's partner (the same ISA/GS sender as its 850s), GS01 PC.
 * `purpose` is BCH-01: 01 cancellation, 04 change, 05 replace. POC-04 (quantity left to receive) equals
 * POC-03, as nothing has been received; a line without a quantity leaves POC-03 to POC-05 empty. `control`
 * is ISA13/GS06; `sequence` BCH-05, the change order sequence number.
 */
export function x12Change(
  poNumber: string,
  purpose: '01' | '04' | '05',
  lines: readonly X12ChangeLine[],
  control: number,
  sequence = '1',
): string {
  const isa13 = String(control).padStart(9, '0');
  const body = [`ST*860*0001`, `BCH*${purpose}*SA*${poNumber}**${sequence}*20260301`];
  for (const line of lines) {
    const ids = Object.entries(line.items).flatMap(([kind, value]) => [QUALIFIER[kind], value]);
    const quantity = line.quantity ?? '';
    const uom = line.quantity === undefined ? '' : (line.uom ?? 'EA');
    body.push(
      `POC*${line.lineNumber}*${line.code}*${quantity}*${quantity}*${uom}*${line.unitPrice ?? ''}**${ids.join('*')}`,
    );
  }
  if (lines.length > 0) body.push(`CTT*${lines.length}`);
  body.push(`SE*${body.length + 1}*0001`);
  return (
    `ISA*00*          *00*          *ZZ*${pad(HARBOR_SENDER.value, 15)}*ZZ*${pad('SUPPLIER', 15)}*260301*1200*U*00401*${isa13}*0*P*>~\n` +
    `GS*PC*${HARBOR_SENDER.value}*SUPPLIER*20260301*1200*${control}*X*004010~\n` +
    `${body.join('~\n')}~\nGE*1*${control}~\nIEA*1*${isa13}~\n`
  );
}

/** The segments of the first transaction set of an X12 text, as node-x12 (an independent reader) sees them. */
export function x12Segments(x12: string): string[][] {
  const interchange = new X12Parser(true).parse(x12) as unknown as {
    functionalGroups: { transactions: { segments: { tag: string; elements: { value: string }[] }[] }[] }[];
  };
  return interchange.functionalGroups[0]!.transactions[0]!.segments.map((s) => [
    s.tag,
    ...s.elements.map((e) => e.value),
  ]);
}

/** An SSCC-18 with its GS1 check digit: extension 0, company prefix 0614141, serial `serial`. */
export function sscc(serial: number): string {
  const body = `00614141${String(serial).padStart(9, '0')}`;
  const sum = [...body].reverse().reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 3 : 1), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}
