import { append } from '../core/append.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import type { X12Event } from './events.ts';
import { type ReadOptions, readX12 } from './reader.ts';
import type { GroupHeader, InterchangeHeader, Segment, TransactionSet } from './types.ts';

/** A set as read, plus every finding about it; a caller appends its mapping diagnostics here. */
export interface TransactionResult {
  set: TransactionSet;
  diagnostics: Diagnostic[];
}

export interface GroupResult {
  header: GroupHeader;
  /** GE01 when sent. */
  declaredCount?: number;
  actualCount: number;
  /** Group envelope findings (GS/GE). */
  diagnostics: Diagnostic[];
  /** Findings about content skipped inside the group (segments outside any set). */
  notes: Diagnostic[];
  transactions: TransactionResult[];
}

export interface InterchangeResult {
  header: InterchangeHeader;
  /** Interchange envelope findings (ISA/IEA, delimiters, deviations). */
  diagnostics: Diagnostic[];
  /** Findings about content skipped inside the interchange but outside any group. */
  notes: Diagnostic[];
  controlSegments: Segment[];
  groups: GroupResult[];
}

export interface X12Results {
  interchanges: InterchangeResult[];
  /** Findings outside any interchange (not X12, garbage between interchanges, unreadable ISA). */
  errors: Diagnostic[];
}

/**
 * Folds reader events into per-interchange/group/set results ready for acknowledgment. Feed it every
 * event in order; `add` returns the result of a transaction event so mapping diagnostics can be appended.
 */
export class X12Collector {
  readonly results: X12Results = { interchanges: [], errors: [] };
  private interchange: InterchangeResult | undefined;
  private group: GroupResult | undefined;

  add(event: X12Event): TransactionResult | undefined {
    switch (event.kind) {
      case 'interchange-start':
        this.interchange = {
          header: event.header,
          diagnostics: [],
          notes: [],
          controlSegments: [],
          groups: [],
        };
        this.results.interchanges.push(this.interchange);
        return undefined;
      case 'group-start':
        this.group = { header: event.header, actualCount: 0, diagnostics: [], notes: [], transactions: [] };
        this.interchange?.groups.push(this.group);
        return undefined;
      case 'transaction': {
        const result = { set: event.set, diagnostics: [...event.set.diagnostics] };
        this.group?.transactions.push(result);
        return result;
      }
      case 'group-end':
        if (this.group !== undefined) {
          if (event.declaredCount !== undefined) this.group.declaredCount = event.declaredCount;
          this.group.actualCount = event.actualCount;
          append(this.group.diagnostics, event.diagnostics);
        }
        this.group = undefined;
        return undefined;
      case 'interchange-end':
        if (this.interchange !== undefined) {
          append(this.interchange.diagnostics, event.diagnostics);
          append(this.interchange.controlSegments, event.controlSegments);
        }
        this.interchange = undefined;
        return undefined;
      case 'error':
        if (event.group !== undefined && this.group !== undefined)
          append(this.group.notes, event.diagnostics);
        else if (event.interchange !== undefined && this.interchange !== undefined) {
          append(this.interchange.notes, event.diagnostics);
        } else append(this.results.errors, event.diagnostics);
        return undefined;
    }
  }
}

/**
 * Reads a whole input into results. Convenient for ordinary message sizes; for very large files feed
 * `readX12` events to an {@link X12Collector} yourself and drop `set.segments` once a set is mapped.
 */
export async function collectX12(
  input: Uint8Array | string | AsyncIterable<Uint8Array | string>,
  options?: ReadOptions,
): Promise<X12Results> {
  const collector = new X12Collector();
  for await (const event of readX12(input, options)) collector.add(event);
  return collector.results;
}

/** Every finding in the results, outermost first (for logs and the message record). */
export function allDiagnostics(results: X12Results): Diagnostic[] {
  const all = [...results.errors];
  for (const ic of results.interchanges) {
    append(append(all, ic.diagnostics), ic.notes);
    for (const group of ic.groups) {
      append(append(all, group.diagnostics), group.notes);
      for (const t of group.transactions) append(all, t.diagnostics);
    }
  }
  return all;
}
