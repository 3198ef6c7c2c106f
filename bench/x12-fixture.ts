/**
 * Synthetic 850 interchanges for the X12 decode benchmark. Written with ordinary separators (`*`, `~` plus a
 * newline, `>`) so every candidate, including the bare tokenizer, reads the same bytes.
 */
import { createWriteStream } from 'node:fs';

function isa(n: number): string {
  const id = (s: string) => s.padEnd(15, ' ');
  return `ISA*00*          *00*          *ZZ*${id('BUYER')}*ZZ*${id('SUPPLIER')}*260301*1200*U*00401*${String(n).padStart(9, '0')}*0*P*>~\n`;
}

function order(st02: number, lines: number, po = `PO${st02}`): string {
  const n = String(st02).padStart(4, '0');
  const out = [`ST*850*${n}`, `BEG*00*SA*${po}**20260301`, 'REF*DP*038', 'DTM*002*20260315'];
  out.push('N1*ST*HARBOR AND PINE STORE 12*92*0012', 'N3*31875 SOLON RD', 'N4*SOLON*OH*44139');
  for (let l = 1; l <= lines; l++) {
    out.push(`PO1*${l}*24*EA*4.75**UP*0${String(100000000000 + l)}*VN*HP-${l}`, `PID*F****MUG ${l}`);
  }
  out.push(`CTT*${lines}`);
  out.push(`SE*${out.length + 1}*${n}`); // SE01 counts ST through SE
  return `${out.join('~\n')}~\n`;
}

/**
 * Writes one interchange of `sets` 850s with `lines` lines each, then (if `bigSetLines` > 0) one 850 with
 * that many lines. Streams the file out so generating 200 MB needs no 200 MB string.
 */
export async function generateInterchange(
  path: string,
  sets: number,
  lines: number,
  bigSetLines: number,
): Promise<void> {
  const out = createWriteStream(path);
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', resolve));
  await write(`${isa(1)}GS*PO*BUYER*SUPPLIER*20260301*1200*1*X*004010~\n`);
  for (let s = 1; s <= sets; s++) await write(order(s, lines));
  if (bigSetLines > 0) await write(order(sets + 1, bigSetLines));
  await write(`GE*${sets + (bigSetLines > 0 ? 1 : 0)}*1~\nIEA*1*000000001~\n`);
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

/**
 * One interchange as a string: `sets` 850s of `lines` lines, ISA13/IEA02 = `control` and PO numbers
 * `<poPrefix><firstPo>`, `<poPrefix><firstPo + 1>` …, so a bench can send many without tripping the
 * duplicate-interchange and duplicate-PO checks.
 */
export function interchangeText(
  control: number,
  poPrefix: string,
  firstPo: number,
  sets: number,
  lines: number,
): string {
  const parts = [`${isa(control)}GS*PO*BUYER*SUPPLIER*20260301*1200*${control}*X*004010~\n`];
  for (let s = 1; s <= sets; s++) parts.push(order(s, lines, `${poPrefix}${firstPo + s - 1}`));
  parts.push(`GE*${sets}*${control}~\nIEA*1*${String(control).padStart(9, '0')}~\n`);
  return parts.join('');
}
