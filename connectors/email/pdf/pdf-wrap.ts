/** What measures text: a pdf-lib font at a size (PDFFont.widthOfTextAtSize). */
export interface Measure {
  widthOfTextAtSize(text: string, size: number): number;
}

/**
 * Text broken into lines no wider than `width` points: at spaces, and inside a word longer than a whole line
 * (a 60-character item number), by characters. Always at least one line (an empty cell is one empty line).
 */
export function wrapText(text: string, font: Measure, size: number, width: number): string[] {
  const fits = (s: string) => font.widthOfTextAtSize(s, size) <= width;
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/ +/).filter(Boolean)) {
    const candidate = current ? `${current} ${word}` : word;
    if (fits(candidate)) {
      current = candidate;
      continue;
    }
    if (current) lines.push(current);
    current = '';
    let rest = word;
    while (!fits(rest)) {
      // the longest head of the word that fits, at least one character so the loop ends
      let cut = rest.length - 1;
      while (cut > 1 && !fits(rest.slice(0, cut))) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    current = rest;
  }
  lines.push(current);
  return lines;
}
