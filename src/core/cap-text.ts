/** `text` cut to `max` characters, saying how many more there were (logs, stored errors). */
export function capText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}
