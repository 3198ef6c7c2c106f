import type { Diagnostic } from '../core/diagnostic.ts';
import type { InterchangeNoteCode } from '../core/x12-code-lists.ts';
import { interchangeNoteCode } from './codes.ts';
import { isValidDate, isValidTime } from './datetime.ts';
import type { IsaRead } from './delimiters.ts';
import type { InterchangeHeader, Segment } from './types.ts';

/** ISA01 authorization information qualifiers (X12.5 I01). */
const AUTHORIZATION_QUALIFIERS = new Set(['00', '01', '02', '03', '04', '05', '06']);
/** ISA03 security information qualifiers (I03). */
const SECURITY_QUALIFIERS = new Set(['00', '01']);
/** ISA05/ISA07 interchange ID qualifiers (I05) across versions 00200…00801. */
const ID_QUALIFIERS = new Set([
  ...Array.from({ length: 38 }, (_, i) => String(i + 1).padStart(2, '0')),
  'AM',
  'NR',
  'SA',
  'SN',
  'ZZ',
]);

/** A control character (NUL, ESC …): never part of an identifier, whatever character set a partner uses. */
const CONTROL = /\p{Cc}/u;

/** Builds the header the events carry; IDs trimmed, everything else as sent. */
export function interchangeHeader(isa: IsaRead, offset: number): InterchangeHeader {
  const e = isa.elements;
  const segment: Segment = { tag: 'ISA', elements: e, position: 0, offset };
  return {
    senderQualifier: e[5]!.trim(),
    senderId: e[6]!.trim(),
    receiverQualifier: e[7]!.trim(),
    receiverId: e[8]!.trim(),
    date: e[9]!.trim(),
    time: e[10]!.trim(),
    version: e[12]!.trim(),
    controlNumber: e[13]!.trim(),
    ackRequested: e[14]!.trim() === '1',
    usage: e[15]!.trim(),
    delimiters: isa.delimiters,
    isa: segment,
  };
}

/** ISA field values against X12.5; each finding carries the TA105 note code a TA1 would report. */
export function validateIsaFields(isa: IsaRead, offset: number): Diagnostic[] {
  const e = isa.elements.map((value) => value.trim());
  const found: Diagnostic[] = [];
  const check = (ok: boolean, element: number, code: InterchangeNoteCode, what: string) => {
    if (ok) return;
    const id = `ISA${String(element).padStart(2, '0')}`;
    found.push({
      severity: 'error',
      code: interchangeNoteCode(code),
      message: `${id} ${what}: "${isa.elements[element]}"`,
      element,
      offset,
    });
  };
  check(AUTHORIZATION_QUALIFIERS.has(e[1]!), 1, '010', 'is not an authorization information qualifier');
  check(SECURITY_QUALIFIERS.has(e[3]!), 3, '012', 'is not a security information qualifier');
  check(ID_QUALIFIERS.has(e[5]!), 5, '005', 'is not an interchange ID qualifier');
  check(e[6] !== '', 6, '006', '(interchange sender ID) is empty');
  check(!CONTROL.test(e[6]!), 6, '006', '(interchange sender ID) holds a control character');
  check(ID_QUALIFIERS.has(e[7]!), 7, '007', 'is not an interchange ID qualifier');
  check(e[8] !== '', 8, '008', '(interchange receiver ID) is empty');
  check(!CONTROL.test(e[8]!), 8, '008', '(interchange receiver ID) holds a control character');
  check(isValidDate(e[9]!) && e[9]!.length === 6, 9, '014', 'is not a YYMMDD date');
  check(isValidTime(e[10]!, true), 10, '015', 'is not an HHMM time');
  check(/^\d{5}$/.test(e[12]!), 12, '017', 'is not a 5-digit version');
  check(/^\d{9}$/.test(e[13]!), 13, '018', 'is not a 9-digit interchange control number');
  check(e[14] === '0' || e[14] === '1', 14, '019', 'is not 0 or 1 (acknowledgment requested)');
  check(e[15] === 'P' || e[15] === 'T' || e[15] === 'I', 15, '020', 'is not P, T or I (usage indicator)');
  // Versions are 00200…00801; "00040" (a real partner's typo) is kept but flagged.
  if (/^\d{5}$/.test(e[12]!) && !/^00[2-8]\d\d$/.test(e[12]!)) {
    found.push({
      severity: 'warning',
      code: 'x12.deviation.isa_version',
      message: `ISA12 "${e[12]}" is not a published interchange control version`,
      element: 12,
      offset,
    });
  }
  return found;
}
