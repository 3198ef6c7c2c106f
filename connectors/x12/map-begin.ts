import { component } from '../../src/x12/segment.ts';
import type { Segment } from '../../src/x12/types.ts';
import type { LineDraft, MapEnv, Qualified } from './map-draft.ts';
import { translateUom } from './map-lines.ts';
import { element, mandatory, pad, readDate, readDecimal, readQuantity } from './map-values.ts';

/**
 * What BEG (850) and BCH (860) share: purpose code, PO type code, PO number, release number and PO date,
 * at element positions that differ between the two.
 */
export function readBeginning(
  env: MapEnv,
  segment: Segment,
  at: { purpose: number; type: number; poNumber: number; release: number; date: number; contract: number },
): void {
  const { draft, findings, mapping } = env;
  const purposeCode = mandatory(findings, segment, at.purpose, 'transaction set purpose code');
  if (purposeCode !== undefined) {
    draft.purpose = mapping.codes.purpose[purposeCode];
    if (draft.purpose === undefined) {
      findings.elementError(
        '7',
        `purpose code ${purposeCode} is not mapped (codes.purpose)`,
        segment,
        at.purpose,
      );
    }
  }
  const typeCode = mandatory(findings, segment, at.type, 'purchase order type code');
  if (typeCode !== undefined) draft.orderType = mapping.codes.orderType[typeCode] ?? typeCode;
  draft.poNumber = mandatory(findings, segment, at.poNumber, 'purchase order number');
  if (mandatory(findings, segment, at.date, 'purchase order date') !== undefined) {
    draft.poDate = readDate(findings, segment, at.date);
  }
  const release = element(segment, at.release);
  if (release !== undefined) draft.named.release = release;
  const contract = element(segment, at.contract);
  if (contract !== undefined) draft.named.contract = contract;
}

/**
 * A new line draft from the elements every line segment has (positions differ between PO1 and POC).
 * A missing quantity is an error except for a deleted line, whose quantity is 0; a missing unit of
 * measure takes the mapping's default, with a warning when a quantity was sent without one.
 */
export function startLine(
  env: MapEnv,
  segment: Segment,
  at: { quantity: number; uom: number; unitPrice: number },
  rest: { lineNumber?: string; change?: LineDraft['change']; itemIds: Qualified[] },
): LineDraft {
  const { findings, mapping } = env;
  let quantity = readQuantity(findings, segment, at.quantity);
  if (quantity === undefined && element(segment, at.quantity) === undefined) {
    if (rest.change === 'delete') quantity = '0';
    else {
      findings.error(
        'x12.mapping.quantity_missing',
        `${segment.tag}${pad(at.quantity)}: line quantity missing`,
        segment,
        at.quantity,
      );
    }
  }
  // PO1-03 is a simple element, POC-05 the composite C001 from 004010 on: its first component is the code
  const uom = component(segment, at.uom, 1, env.set.interchange.delimiters).trim() || undefined;
  if (uom === undefined && element(segment, at.quantity) !== undefined) {
    findings.warning(
      'x12.mapping.default_uom',
      `${segment.tag}${pad(at.uom)} unit of measure missing: ${mapping.defaults.uom} assumed (defaults.uom)`,
      segment,
      at.uom,
    );
  }
  const unitPrice = readDecimal(findings, segment, at.unitPrice);
  // Built by assignment rather than conditional spreads (this runs once per line, and spreading is a slow
  // runtime call in V8); keys are added in the same order as before.
  const line: LineDraft = { segment } as LineDraft;
  if (rest.lineNumber !== undefined) line.lineNumber = rest.lineNumber;
  if (quantity !== undefined) line.quantity = quantity;
  line.uom = translateUom(mapping, uom ?? mapping.defaults.uom);
  if (unitPrice !== undefined) line.unitPrice = unitPrice;
  if (rest.change !== undefined) line.change = rest.change;
  line.itemIds = rest.itemIds;
  line.descriptions = [];
  line.destinations = [];
  line.dates = [];
  line.notes = [];
  line.segments = [segment];
  return line;
}
