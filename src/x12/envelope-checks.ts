import type { Diagnostic } from '../core/diagnostic.ts';
import type { ErrorCode } from '../core/error-codes.ts';
import { groupErrorCode, interchangeNoteCode } from './codes.ts';
import { isValidDate, isValidTime } from './datetime.ts';
import type { GroupHeader, Segment } from './types.ts';

/** The group header as sent, from its GS. */
export function groupHeader(gs: Segment): GroupHeader {
  const e = gs.elements;
  return {
    functionalId: e[1] ?? '',
    senderId: e[2] ?? '',
    receiverId: e[3] ?? '',
    date: e[4] ?? '',
    time: e[5] ?? '',
    controlNumber: e[6] ?? '',
    agency: e[7] ?? '',
    version: e[8] ?? '',
    gs,
  };
}

/**
 * GS checks: GS01 is an ID 2/2 (479), GS06 an N0 1/9 (28) unique in the interchange (AK905 19), GS08
 * (480) names the version. A bad GS04/GS05 date or time only warns: nothing depends on it.
 */
export function checkGroupHeader(header: GroupHeader, usedNumbers: ReadonlySet<string>): Diagnostic[] {
  const found: Diagnostic[] = [];
  const at = header.gs.offset;
  const problem = (code: ErrorCode, severity: 'error' | 'warning', message: string, element: number) =>
    found.push({ severity, code, message, segment: 'GS', element, offset: at });
  if (!/^[A-Z]{2}$/.test(header.functionalId)) {
    problem(groupErrorCode('1'), 'error', `GS01 "${header.functionalId}" is not a functional identifier`, 1);
  }
  if (!/^\d{1,9}$/.test(header.controlNumber)) {
    problem(groupErrorCode('6'), 'error', `GS06 "${header.controlNumber}" is not a 1-9 digit number`, 6);
  } else if (usedNumbers.has(header.controlNumber)) {
    problem(
      groupErrorCode('19'),
      'error',
      `GS06 ${header.controlNumber} is used twice in the interchange`,
      6,
    );
  }
  if (header.version === '') problem(groupErrorCode('2'), 'error', 'GS08 (version) is empty', 8);
  if (!isValidDate(header.date))
    problem('x12.deviation.gs_date', 'warning', `GS04 "${header.date}" is not a date`, 4);
  if (!isValidTime(header.time))
    problem('x12.deviation.gs_time', 'warning', `GS05 "${header.time}" is not a time`, 5);
  return found;
}

/** GE01 must count the sets (AK905 5), GE02 repeat GS06 (AK905 4). */
export function checkGroupTrailer(
  header: GroupHeader,
  count: number,
  ge: Segment,
): { declared: number | undefined; found: Diagnostic[] } {
  const ge01 = ge.elements[1] ?? '';
  const ge02 = ge.elements[2] ?? '';
  const declared = /^\d{1,9}$/.test(ge01) ? Number(ge01) : undefined;
  const found: Diagnostic[] = [];
  const at = { severity: 'error' as const, segment: 'GE', offset: ge.offset };
  if (declared !== count) {
    const message = `GE01 says "${ge01}" transaction sets, the group has ${count}`;
    found.push({ ...at, code: groupErrorCode('5'), message, element: 1 });
  }
  if (ge02 !== header.controlNumber) {
    const message = `GE02 "${ge02}" does not match GS06 "${header.controlNumber}"`;
    found.push({ ...at, code: groupErrorCode('4'), message, element: 2 });
  }
  return { declared, found };
}

/** IEA01 must count the groups (TA105 021), IEA02 repeat ISA13 (TA105 001). */
export function checkInterchangeTrailer(
  controlNumber: string,
  groupCount: number,
  iea: Segment,
): { declared: number | undefined; found: Diagnostic[] } {
  const iea01 = iea.elements[1] ?? '';
  const iea02 = iea.elements[2] ?? '';
  const declared = /^\d{1,5}$/.test(iea01) ? Number(iea01) : undefined;
  const found: Diagnostic[] = [];
  const at = { severity: 'error' as const, segment: 'IEA', offset: iea.offset };
  if (declared !== groupCount) {
    const message = `IEA01 says "${iea01}" functional groups, the interchange has ${groupCount}`;
    found.push({ ...at, code: interchangeNoteCode('021'), message, element: 1 });
  }
  if (iea02 !== controlNumber) {
    const message = `IEA02 "${iea02}" does not match ISA13 "${controlNumber}"`;
    found.push({ ...at, code: interchangeNoteCode('001'), message, element: 2 });
  }
  return { declared, found };
}
