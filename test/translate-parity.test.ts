import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundConnector } from '../connectors/index.ts';
import type { X12AckContent } from '../connectors/x12/index.ts';
import { loadMappings } from '../src/mapping/loader.ts';
import { decodeOffline } from '../src/translate.ts';
import { readX12Sync } from '../src/x12/reader.ts';
import type { Segment } from '../src/x12/types.ts';
import { ADMIN, type MessageBody, startTestGateway, type TestGateway } from './support/gateway-harness.ts';
import { tempDir } from './support/services.ts';

/**
 * `ordergate translate` prints the answers the gateway would send (issue 12): for every X12 file of
 * test/fixtures (the X12 files of the shared corpus, copied there with their licences, and translate's own),
 * the 997/999/TA1 that `decodeOffline` plans and the ones the pipeline stores are the same bytes, control
 * numbers and dates aside. Both read the same partners from one mappings folder: one per sender found in the
 * files, every third sender left out (held: a TA1 006), with varied settings (997, 999, none; own
 * delimiters; test usage) so that a setting one side ignored would show.
 */

const ROOTS = ['test/fixtures/x12', 'test/fixtures/translate'];
const FILES = ROOTS.flatMap((root) =>
  readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(edi|txt|x12)$/.test(f))
    .map((f) => path.join(root, f)),
).sort();

/** The settings each known sender's partner gets, in turn. */
const SETTINGS = [
  { ack: '997', duplicateWindowDays: 0 },
  { ack: '999', duplicateWindowDays: 0, usage: 'T' },
  { ack: '997', duplicateWindowDays: 0, x12Delimiters: { element: '|', segment: '~', component: '>' } },
  { ack: 'none', duplicateWindowDays: 0 },
];

/** Elements that differ by when and in which order answers were made: dates, times, our control numbers. */
const VARYING: Record<string, number[]> = {
  ISA: [9, 10, 13],
  GS: [4, 5, 6],
  ST: [2],
  SE: [2],
  GE: [2],
  IEA: [2],
};

/** An answer's segments with the varying elements blanked, as comparable text. */
function comparable(text: string): string {
  const out: string[] = [];
  const add = (segments: readonly Segment[]) => {
    for (const segment of segments)
      out.push(segment.elements.map((e, i) => (VARYING[segment.tag]?.includes(i) ? '#' : e)).join('|'));
  };
  for (const event of readX12Sync(text)) {
    if (event.kind === 'interchange-start') add([event.header.isa]);
    else if (event.kind === 'group-start') add([event.header.gs]);
    else if (event.kind === 'transaction') add(event.set.segments);
    else if (event.kind === 'group-end') add(event.trailer ? [event.trailer] : []);
    else if (event.kind === 'interchange-end')
      add([...event.controlSegments, ...(event.trailer ? [event.trailer] : [])]);
    else out.push(`error ${event.diagnostics.map((d) => d.code).join(',')}`);
  }
  return out.join('\n');
}

describe('translate and the pipeline answer alike', () => {
  let t: TestGateway;
  let mappings: { dir: string; remove(): void };

  beforeAll(async () => {
    mappings = tempDir('ordergate-parity-');
    const senders = new Map<string, { qualifier: string; value: string }>();
    for (const file of FILES)
      for (const event of readX12Sync(readFileSync(file)))
        if (event.kind === 'interchange-start') {
          const { senderQualifier: qualifier, senderId } = event.header;
          const value = senderId.trim();
          // only identifiers a partner can have (the API refuses the rest); the others stay unknown
          if (/^[A-Z0-9]{2}$/.test(qualifier) && /^[A-Za-z0-9 ]{1,15}$/.test(value))
            senders.set(`${qualifier}:${value.toUpperCase()}`, { qualifier, value });
        }
    let n = 0;
    for (const sender of senders.values()) {
      n++;
      if (n % 3 === 0) continue;
      const dir = path.join(mappings.dir, `parity-${n}`);
      mkdirSync(dir);
      const partner = {
        id: `parity-${n}`,
        name: `Parity ${n}`,
        identifiers: [{ type: 'x12', ...sender }],
        settings: SETTINGS[n % SETTINGS.length],
      };
      writeFileSync(path.join(dir, 'partner.yaml'), JSON.stringify(partner));
    }
    const data = tempDir();
    t = await startTestGateway({
      name: 'embedded',
      env: async () => ({
        env: { ORDERGATE_DATA_DIR: data.dir, ORDERGATE_MAPPINGS_DIR: mappings.dir },
        dispose: async () => data.remove(),
      }),
    });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    mappings?.remove();
  });

  it.each(FILES)('%s', async (file) => {
    const bytes = readFileSync(file);
    const { partners } = await loadMappings(mappings.dir);
    const offline = await decodeOffline(inboundConnector('x12')!, bytes, partners);
    const translated = (offline.ack?.documents ?? []).map((d) =>
      comparable((d.content as X12AckContent).text),
    );

    const posted = await t.post(bytes, ADMIN);
    let answered: string[] = [];
    if (posted.status === 202) {
      const { messageId } = (await posted.json()) as { messageId: string };
      const message: MessageBody = await t.settled(messageId);
      const answers = message.outbound.filter((o) => ['997', '999', 'TA1'].includes(o.type));
      answered = await Promise.all(answers.map(async (a) => comparable(await t.raw(a.id))));
    } else {
      // the door refuses what is not X12 at all; translate finds nothing to answer either
      expect(offline.unusable, `${posted.status} at the door`).toBe(true);
    }
    expect(translated.sort()).toEqual(answered.sort());
  });
});
