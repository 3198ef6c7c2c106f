import { parseArgs } from 'node:util';

export const TRANSLATE_FORMATS = ['x12', 'csv', 'xlsx', 'cxml', 'eml'] as const;

export const TRANSLATE_HELP = `Usage: ordergate translate FILE [--partner ID] [--format ${TRANSLATE_FORMATS.join('|')}] [--summary]

Decodes FILE offline (no database, no network) and prints JSON
  { "orders": Order[], "errors": [{ "transaction"?, "code", "message" }], "ack"?: "<997/999 X12 text>" }
--summary prints only counts and timing. Exit status: 0 every transaction accepted, 1 some rejected,
2 unusable input.`;

/** `ordergate translate`: exit 0 all accepted, 1 some rejected, 2 unusable input (DESIGN §5). */
export async function runTranslate(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    process.stderr.write(`ordergate translate: ${(error as Error).message}\n\n${TRANSLATE_HELP}\n`);
    return 2;
  }
  const format = parsed.values.format ?? 'x12';
  if (!(TRANSLATE_FORMATS as readonly string[]).includes(format)) {
    process.stderr.write(
      `ordergate translate: unknown format "${format}" (use one of ${TRANSLATE_FORMATS.join(', ')})\n`,
    );
    return 2;
  }
  process.stderr.write(`ordergate translate: the ${format} format is not available in this build yet\n`);
  return 2;
}

function parse(args: string[]) {
  const parsed = parseArgs({
    args,
    allowPositionals: true,
    options: { partner: { type: 'string' }, format: { type: 'string' }, summary: { type: 'boolean' } },
  });
  if (parsed.positionals.length !== 1) throw new Error('give exactly one FILE');
  return parsed;
}
