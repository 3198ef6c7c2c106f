/** X12 date/time element checks (DT/TM data element types, X12.6) and formatting for what we send. */

function realDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** DT: CCYYMMDD, or YYMMDD (ISA09 and pre-004010 GS04). */
export function isValidDate(value: string): boolean {
  if (!/^(\d{6}|\d{8})$/.test(value)) return false;
  const long = value.length === 8;
  // YYMMDD carries no century; 20YY is as good as any for checking that the day exists (leap years).
  const year = long ? Number(value.slice(0, 4)) : 2000 + Number(value.slice(0, 2));
  const rest = long ? value.slice(4) : value.slice(2);
  return realDate(year, Number(rest.slice(0, 2)), Number(rest.slice(2, 4)));
}

/** TM: HHMM, HHMMSS, HHMMSSD or HHMMSSDD (GS05); ISA10 is HHMM only. */
export function isValidTime(value: string, hhmmOnly = false): boolean {
  if (!(hhmmOnly ? /^\d{4}$/ : /^(\d{4}|\d{6,8})$/).test(value)) return false;
  const hours = Number(value.slice(0, 2));
  const minutes = Number(value.slice(2, 4));
  const seconds = value.length >= 6 ? Number(value.slice(4, 6)) : 0;
  return hours < 24 && minutes < 60 && seconds < 60;
}

/** CCYYMMDD and HHMM of an instant, in UTC (the clock is injected, so acks are reproducible). */
export function x12DateTime(now: Date): { date: string; time: string } {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return {
    date: `${pad(now.getUTCFullYear(), 4)}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}`,
    time: `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}`,
  };
}
