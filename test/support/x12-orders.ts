/**
 * Generated X12 850 interchanges for the pipeline fault tests: one functional group of `sets` purchase orders
 * per interchange, each PO number distinct (PO-<interchange>-<set>), ISA13/IEA02 = the interchange number.
 * The shape follows bench/x12-fixture.ts (ordinary separators `*`, `~`, `>`).
 */
export const FAULT_SENDER = { qualifier: 'ZZ', id: 'FAULTBUYER' } as const;

const pad = (s: string, n: number) => s.padEnd(n, ' ');

function purchaseOrder(po: string, st02: number): string {
  const n = String(st02).padStart(4, '0');
  const out = [`ST*850*${n}`, `BEG*00*SA*${po}**20260301`, 'REF*DP*038', 'DTM*002*20260315'];
  out.push('N1*ST*HARBOR AND PINE STORE 12*92*0012', 'N3*31875 SOLON RD', 'N4*SOLON*OH*44139');
  for (let l = 1; l <= 2; l++)
    out.push(`PO1*${l}*24*EA*4.75**UP*0${String(100000000000 + l)}*VN*HP-${l}`, `PID*F****MUG ${l}`);
  out.push('CTT*2');
  out.push(`SE*${out.length + 1}*${n}`); // SE01 counts ST through SE
  return `${out.join('~\n')}~\n`;
}

/** The PO numbers interchange `n` carries. */
export const poNumbersOf = (n: number, sets: number): string[] =>
  Array.from({ length: sets }, (_, s) => `PO-${n}-${s + 1}`);

/** Interchange number `n` (ISA13) with `sets` 850s. */
export function orderInterchange(n: number, sets: number): string {
  const isa13 = String(n).padStart(9, '0');
  const header =
    `ISA*00*          *00*          *${FAULT_SENDER.qualifier}*${pad(FAULT_SENDER.id, 15)}*ZZ*${pad('SUPPLIER', 15)}` +
    `*260301*1200*U*00401*${isa13}*0*P*>~\nGS*PO*${FAULT_SENDER.id}*SUPPLIER*20260301*1200*${n}*X*004010~\n`;
  const body = poNumbersOf(n, sets)
    .map((po, i) => purchaseOrder(po, i + 1))
    .join('');
  return `${header}${body}GE*${sets}*${n}~\nIEA*1*${isa13}~\n`;
}
