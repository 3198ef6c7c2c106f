/**
 * Units of measure as people write them in order forms, to the codes the gateway's orders use (the X12 355
 * codes its 850s carry: EA, CS, KG …). A unit not listed passes through upper-cased, as the X12 mapper does
 * with a code it has no translation for.
 */
const UNIT_WORDS: Readonly<Record<string, string>> = {
  ea: 'EA',
  each: 'EA',
  pc: 'EA',
  pcs: 'EA',
  piece: 'EA',
  pieces: 'EA',
  unit: 'EA',
  units: 'EA',
  stk: 'EA',
  st: 'EA',
  stuck: 'EA',
  stueck: 'EA',
  pza: 'EA',
  pieza: 'EA',
  piezas: 'EA',
  ud: 'EA',
  uds: 'EA',
  unidad: 'EA',
  stuks: 'EA',
  stuk: 'EA',
  cs: 'CS',
  ca: 'CS',
  case: 'CS',
  cases: 'CS',
  ctn: 'CS',
  carton: 'CS',
  karton: 'CS',
  ktn: 'CS',
  kartong: 'CS',
  colis: 'CS',
  caja: 'CS',
  doos: 'CS',
  pk: 'PK',
  pack: 'PK',
  pkg: 'PK',
  pal: 'PL',
  pallet: 'PL',
  palette: 'PL',
  kg: 'KG',
  kgm: 'KG',
  g: 'G',
  gr: 'G',
  grm: 'G',
  lb: 'LB',
  lbs: 'LB',
  lbr: 'LB',
  m: 'M',
  mtr: 'M',
  l: 'L',
  ltr: 'L',
};

/**
 * Units that measure (weight, length, volume, area) rather than count: only these take a fraction, since
 * 2.5 kg is an order and 2.5 cases is a typo.
 */
const MEASURED = new Set([
  'KG',
  'G',
  'MG',
  'T',
  'LB',
  'OZ',
  'M',
  'CM',
  'MM',
  'KM',
  'FT',
  'IN',
  'YD',
  'L',
  'ML',
  'CL',
  'GAL',
  'M2',
  'M3',
  'SQM',
]);

/** The unit code for what a sender wrote (`Stück` → EA, `Karton` → CS, `kg` → KG). */
export function normalizeUnit(written: string): string {
  const key = written
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  return UNIT_WORDS[key] ?? written.trim().toUpperCase();
}

/** Whether quantities in `unit` (a code, see {@link normalizeUnit}) must be whole numbers: every counted unit. */
export function unitNeedsWholeNumbers(unit: string): boolean {
  return !MEASURED.has(unit);
}
