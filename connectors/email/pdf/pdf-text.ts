import { Decimal } from 'decimal.js';

/**
 * Text and numbers as the PDFs print them. The standard fonts (Helvetica) encode WinAnsi (Windows-1252) only;
 * pdf-lib throws on any other character, and a partner's item description may hold anything ("東京"), so every
 * string goes through {@link winAnsi} first.
 */

/** Characters Windows-1252 has besides Latin-1's printable ranges (0x80–0x9F). */
const CP1252_EXTRAS = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';

/** Whether a character is in WinAnsi: printable ASCII, Latin-1 0xA0–0xFF, the Windows-1252 extras. */
function inWinAnsi(char: string): boolean {
  const code = char.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || CP1252_EXTRAS.includes(char);
}

/** C0 and C1 control characters (tabs, line breaks) and other white space. */
function isControlOrSpace(char: string): boolean {
  const code = char.codePointAt(0)!;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || /\s/u.test(char);
}

/** Letters decomposition does not reach (NFKD leaves them whole). */
const SPELLED: Readonly<Record<string, string>> = {
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  ı: 'i',
  Ħ: 'H',
  ħ: 'h',
  '\u2212': '-',
  '\u2010': '-',
  '\u2011': '-',
};

/**
 * A string the standard fonts can draw: "Müller" stays as it is (ü is WinAnsi), "Łódź" becomes "Lodz"
 * (decomposed, the accents dropped), a character with no Latin form ("東京") becomes "?". Control characters
 * (tabs, line breaks) become spaces: a cell is one line of text, wrapping is the table's.
 */
export function winAnsi(text: string): string {
  let out = '';
  for (const char of text) {
    if (inWinAnsi(char)) out += char;
    else if (isControlOrSpace(char)) out += ' ';
    else if (SPELLED[char] !== undefined) out += SPELLED[char];
    else {
      // NFKD splits "ő" into "o" + a combining mark and "ﬁ" into "fi"; what is left outside WinAnsi is lost
      const base = [...char.normalize('NFKD')].filter((c) => !/\p{M}/u.test(c));
      out += base.length > 0 && base.every(inWinAnsi) ? base.join('') : '?';
    }
  }
  return out;
}

/** Sums of invoice amounts stay exact: decimal.js's 20 significant digits could round a large quantity × price. */
export const Exact = Decimal.clone({ precision: 200 });

/**
 * An amount as printed: at least two decimals ("4.5" → "4.50"), more when the value has them (a 3-decimal unit
 * price, 3 × 1.005 = "3.015": never rounded, so the printed lines add up to the printed total), thousands
 * separated by commas. Read from the decimal string, never through a float.
 */
export function money(value: string | Decimal): string {
  const d = new Exact(value);
  const fixed = d.decimalPlaces() < 2 ? d.toFixed(2) : d.toFixed();
  const negative = fixed.startsWith('-');
  const [whole, fraction] = (negative ? fixed.slice(1) : fixed).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}.${fraction}`;
}

/** A date `YYYY-MM-DD` plus a number of days, as `YYYY-MM-DD` (calendar arithmetic in UTC, no time zone shift). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
