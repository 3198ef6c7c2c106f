import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Order } from '../src/core/order.ts';
import { tempDir } from './support/services.ts';

const fixture = (name: string) => `test/fixtures/translate/${name}`;

function translate(...args: string[]) {
  const run = spawnSync(process.execPath, ['bin/ordergate.js', 'translate', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ORDERGATE_MAPPINGS_DIR: './mappings' },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('ordergate translate (x12)', () => {
  it('decodes a valid 850 to a canonical order and a 997 accepting it (exit 0)', () => {
    const { code, stdout } = translate(fixture('nodex12_850_004010VICS_tilde_lf.edi'));
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as {
      orders: { poNumber: string; lines: unknown[] }[];
      errors: unknown[];
      ack?: string;
    };
    expect(out.errors).toEqual([]);
    expect(out.orders).toHaveLength(1);
    expect(out.orders[0]!.lines).toHaveLength(6);
    expect(out.ack).toMatch(/AK5\*A/);
    expect(out.ack).toMatch(/AK9\*A\*1\*1\*1/);
  });

  it('rejects a set whose SE01 count is wrong with AK5 R 4 (exit 1)', () => {
    // its sender is nobody's: named as a partner, it is answered as that partner's (a 997, not a TA1 006)
    const { code, stdout } = translate(fixture('gozer_850_se_count_mismatch.txt'), '--partner', 'xyz-retail');
    expect(code).toBe(1);
    const out = JSON.parse(stdout) as { orders: unknown[]; errors: { code: string }[]; ack: string };
    expect(out.orders).toEqual([]);
    expect(out.errors.map((e) => e.code)).toEqual(['x12.transaction.4']);
    expect(out.ack).toMatch(/AK5\*R\*4/);
    expect(out.ack).toMatch(/AK9\*R\*1\*1\*0/);
  });

  it('answers an unknown sender as the gateway does: a TA1 006, its order read with the default mapping', () => {
    const { code, stdout } = translate(fixture('gozer_850_se_count_mismatch.txt'));
    expect(code).toBe(1);
    const out = JSON.parse(stdout) as { errors: { code: string }[]; ack: string };
    expect(out.errors.map((e) => e.code)).toContain('x12.unknown_sender');
    expect(out.ack).toMatch(/TA1\*000003438\*101127\*1719\*R\*006/);
    expect(out.ack).not.toMatch(/AK1/);
  });

  it('answers input that is not X12 with exit 2 and an error', () => {
    const { code, stdout } = translate(fixture('badx12_not_edi_at_all.edi'));
    expect(code).toBe(2);
    expect((JSON.parse(stdout) as { errors: unknown[] }).errors.length).toBeGreaterThan(0);
  });

  it('prints only counts with --summary, and refuses unknown formats, partners and files (exit 2)', () => {
    const summary = translate(fixture('nodex12_850_004010VICS_tilde_lf.edi'), '--summary');
    expect(JSON.parse(summary.stdout)).toMatchObject({
      interchanges: 1,
      groups: 1,
      transactions: 1,
      orders: 1,
      rejected: 0,
    });
    expect(translate('x.edi', '--format', 'fax')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown format'),
    });
    expect(translate(fixture('badx12_not_edi_at_all.edi'), '--partner', 'nobody')).toMatchObject({ code: 2 });
    expect(translate('no/such/file.edi')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('no such file'),
    });
  });

  it('reports an answer that cannot be addressed as an error instead of crashing (exit 1)', () => {
    const tmp = tempDir();
    try {
      const file = path.join(tmp.dir, 'long-sender.edi');
      const valid = readFileSync(fixture('nodex12_850_004010VICS_tilde_lf.edi'), 'latin1');
      writeFileSync(file, valid.replace('*4405197800     *', '*ABCDEFGHIJKLMNOP*'), 'latin1');
      const { code, stdout } = translate(file);
      expect(code).toBe(1);
      const out = JSON.parse(stdout) as { orders: unknown[]; errors: { code: string }[]; ack?: string };
      // an unknown sender, as the gateway sees it: its order read with the default mapping, held, and the TA1
      // 006 the gateway would send cannot be addressed to it
      expect(out.orders).toHaveLength(1);
      expect(out.errors.map((e) => e.code)).toEqual(['x12.unknown_sender', 'x12.ack.unwritable']);
      expect(out.ack).toBeUndefined();
    } finally {
      tmp.remove();
    }
  });
});

describe('ordergate translate output, written as orders are decoded', () => {
  /** An interchange of `sets` 850s (PO numbers P1, P2 …) from an unknown sender, so read with the default mapping. */
  function interchange(sets: number): string {
    const isa =
      'ISA*00*          *00*          *ZZ*BUYER          *ZZ*SUPPLIER       *260301*1200*U*00401*000000001*0*P*>~';
    const orders = Array.from({ length: sets }, (_, i) => {
      const n = String(i + 1).padStart(4, '0');
      return `ST*850*${n}~BEG*00*SA*P${i + 1}**20260301~PO1*1*${i + 2}*EA*4.75**VN*X${i}~CTT*1~SE*5*${n}~`;
    });
    return `${isa}GS*PO*BUYER*SUPPLIER*20260301*1200*1*X*004010~${orders.join('')}GE*${sets}*1~IEA*1*000000001~`;
  }

  function withFile<T>(text: string, use: (file: string) => T): T {
    const tmp = tempDir();
    try {
      const file = path.join(tmp.dir, 'orders.x12');
      writeFileSync(file, text, 'latin1');
      return use(file);
    } finally {
      tmp.remove();
    }
  }

  it('prints the JSON document of every order, and with --jsonl the same orders one per line, then the errors', () => {
    withFile(interchange(3), (file) => {
      const document = translate(file);
      const lines = translate(file, '--jsonl');
      expect([document.code, lines.code]).toEqual([1, 1]); // the sender is unknown: x12.unknown_sender
      const out = JSON.parse(document.stdout) as { orders: Order[]; errors: { code: string }[]; ack: string };
      expect(out.orders.map((o) => [o.poNumber, o.lines[0]!.quantity])).toEqual([
        ['P1', '2'],
        ['P2', '3'],
        ['P3', '4'],
      ]);
      expect(out.orders.every((o) => Order.safeParse(o).success)).toBe(true);
      const rows = lines.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(rows).toHaveLength(4);
      const ids = (orders: Order[]) =>
        orders.map(({ id: _id, source: { messageId: _m, ...source }, ...o }) => ({ ...o, source }));
      expect(ids(rows.slice(0, 3))).toEqual(ids(out.orders));
      expect(rows[3]).toEqual({ errors: out.errors, ack: out.ack });
      expect(out.errors.map((e) => e.code)).toEqual(['x12.unknown_sender']);
    });
  });

  it('counts with --summary, printing no order', () => {
    withFile(interchange(40), (file) => {
      const { code, stdout } = translate(file, '--summary');
      expect(code).toBe(1);
      expect(stdout.trimEnd().split('\n')).toHaveLength(1);
      expect(JSON.parse(stdout)).toMatchObject({ transactions: 40, orders: 40, rejected: 0, errors: 1 });
    });
  });

  it('refuses --summary with --jsonl (exit 2)', () => {
    expect(translate('x.edi', '--summary', '--jsonl')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('not both'),
    });
  });
});

describe('ordergate translate (spreadsheets and mail)', () => {
  const spreadsheet = (name: string) => `test/fixtures/spreadsheets/${name}`;

  it('reads a CSV order form with the built-in mapping, the format from the name (exit 0)', () => {
    const { code, stdout } = translate(spreadsheet('de_bestellung_semicolon_utf8_bom.csv'));
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { orders: { poNumber: string; partnerId: string; lines: unknown[] }[] };
    expect(out.orders.map((o) => [o.poNumber, o.partnerId, o.lines.length])).toEqual([
      ['B-2026-118', 'unknown', 3],
    ]);
  });

  it("reads an Excel 'Unicode text' file (.txt, UTF-16) as a spreadsheet, not as X12", () => {
    const { code, stdout } = translate(
      spreadsheet('sv_bestallning_tab_utf16le.txt'),
      '--partner',
      'xyz-retail',
    );
    expect(JSON.parse(stdout).orders.length).toBeGreaterThan(0);
    expect(code).toBe(0);
  });

  it('answers an old .xls with what to do instead (exit 2)', () => {
    const { code, stdout } = translate(spreadsheet('broken_legacy_excel97.xls'));
    expect(code).toBe(2);
    expect(JSON.parse(stdout).errors).toEqual([
      { code: 'file.legacy_xls', message: expect.stringMatching(/\.xlsx or \.csv/) },
    ]);
  });

  it("reads a mail's CSV attachment for the partner named (exit 0)", () => {
    const { code, stdout } = translate(
      'test/fixtures/eml/orderintake_csv_attachment_crlf_jde_export.eml',
      '--partner',
      'xyz-retail',
    );
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { orders: { poNumber: string; channel: string }[] };
    expect(out.orders.map((o) => [o.poNumber, o.channel])).toEqual([['0452187', 'email']]);
  });
});
