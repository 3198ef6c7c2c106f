import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/runtime/logger.ts';
import {
  type CampaignReport,
  errorLevel,
  FUZZ_PARTNER,
  type FuzzTarget,
  fuzzDropFolder,
  fuzzJsonRoutes,
  fuzzX12Door,
  settle,
} from './fuzz/campaigns.ts';
import { fuzzSettings, printReport } from './fuzz/settings.ts';
import { gatewayModes, startTestGateway, VALID_850, VALID_850_SENDER } from './support/gateway-harness.ts';
import { FAULT_SENDER, orderInterchange } from './support/x12-orders.ts';

/**
 * Issue 11's fuzz suite: damaged and random input at the X12 door, the drop folder and every JSON route of a
 * real gateway. A short seeded run is part of `npm test`; `npm run fuzz` runs 100,000+ cases (FUZZ_CASES) with
 * a fresh seed. The seed is printed; FUZZ_SEED=<seed> runs the same cases again.
 */
const settings = fuzzSettings();

describe.each(gatewayModes())('fuzzing the gateway ($name)', (mode) => {
  let target: FuzzTarget;
  const reports: CampaignReport[] = [];
  const logged: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        const record = JSON.parse(line) as Record<string, unknown>;
        if (errorLevel(record)) logged.push(record);
      }
      done();
    },
  });
  // the bases: the partner's own interchanges (one and three orders) and node-x12's 850 under its second sender
  const bases = [orderInterchange(900_001, 1), orderInterchange(900_002, 3), VALID_850].map((text) =>
    Buffer.from(text, 'latin1'),
  );

  beforeAll(async () => {
    // refused credentials are part of the fuzz: the limiter would otherwise answer everything after 20 with 429
    const t = await startTestGateway(
      mode,
      { ORDERGATE_AUTH_FAILURE_LIMIT: '100000' },
      createLogger('warn', sink),
    );
    const partnerKey = await t.createPartner({
      id: FUZZ_PARTNER,
      name: 'Fuzz Buyer',
      identifiers: [
        { type: 'x12', qualifier: FAULT_SENDER.qualifier, value: FAULT_SENDER.id },
        VALID_850_SENDER,
      ],
    });
    target = { t, partnerKey, errorLogs: logged };
    console.info(
      `fuzz (${mode.name}): seed ${settings.seed}, ${settings.cases} cases (FUZZ_SEED, FUZZ_CASES)`,
    );
  });
  afterAll(async () => {
    printReport(mode.name, settings, reports);
    await target?.t.close();
  });

  /** Runs a campaign, keeps its report, and fails the test with every finding listed. */
  const expectNoFindings = (report: CampaignReport) => {
    reports.push(report);
    expect(report.findings, `${report.campaign}, seed ${settings.seed}`).toEqual([]);
  };

  it(
    'answers every damaged interchange at the X12 door with 202 or a 4xx JSON body',
    async () => {
      const report = await fuzzX12Door(target, bases, { seed: settings.seed, runs: settings.x12Door });
      expectNoFindings(report);
      expect(report.accepted.length).toBeGreaterThan(0);
    },
    settings.testTimeoutMs,
  );

  it(
    'takes every dropped file out of the folder: stored and archived, or refused to error/ with a note',
    async () => {
      expectNoFindings(
        await fuzzDropFolder(target, bases, { seed: settings.seed, runs: settings.dropFolder }),
      );
    },
    settings.testTimeoutMs,
  );

  it(
    'leaves nothing it accepted unanswered: every message finished, no job failed or retried',
    async () => {
      expectNoFindings(await settle(target, settings.settleMs));
    },
    settings.testTimeoutMs,
  );

  it(
    'answers every request to every JSON route below 500, as JSON',
    async () => {
      expectNoFindings(await fuzzJsonRoutes(target, { seed: settings.seed, runs: settings.jsonRoutes }));
    },
    settings.testTimeoutMs,
  );
});
