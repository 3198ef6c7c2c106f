import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeAckInterchange } from '../../src/x12/ack-encode.ts';
import { planAcknowledgments } from '../../src/x12/ack-plan.ts';
import { allDiagnostics } from '../../src/x12/results.ts';
import { decodeX12 } from './decode.ts';

const LINES = 200_000;

/** One 850 whose every line has a finding: more findings than a call can take as spread arguments. */
function oneHugeOrder(): string {
  const isa =
    'ISA*00*          *00*          *ZZ*BUYER          *ZZ*SUPPLIER       *260301*1200*U*00401*000000001*0*P*>~';
  const body = ['ST*850*0001', 'BEG*00*SA*PO-HUGE**20260301'];
  // PO106 qualifier without PO107 ID: x12.element.2 on every line
  for (let l = 1; l <= LINES; l++) body.push(`PO1*${l}*1*EA*1**VN`);
  body.push(`CTT*${LINES}`);
  body.push(`SE*${body.length + 1}*0001`); // SE01 counts ST through SE
  return `${isa}\nGS*PO*BUYER*SUPPLIER*20260301*1200*1*X*004010~\n${body.join('~\n')}~\nGE*1*1~\nIEA*1*000000001~\n`;
}

describe('a transaction set with hundreds of thousands of findings', () => {
  it('is decoded, its findings gathered and its 997 written, without overflowing the call stack', async () => {
    const decoded = await decodeX12(oneHugeOrder(), {
      messageId: 'm',
      newId: randomUUID,
      partnerFor: () => ({ id: 'p', mappings: {} }),
    });
    const findings = allDiagnostics(decoded.results);
    expect(findings.filter((d) => d.code === 'x12.element.2').length).toBeGreaterThanOrEqual(LINES);
    let n = 1;
    const [plan] = await planAcknowledgments(decoded.results, { now: new Date(0), allocate: () => n++ });
    expect(encodeAckInterchange(plan!)).toMatch(/AK5\*R/);
  }, 120_000);
});
