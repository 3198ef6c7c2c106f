import type { Segment } from '../../src/x12/types.ts';
import type { LineDraft, MapEnv, PartyLoop } from './map-draft.ts';
import { amount, HEADER_HANDLERS } from './map-header.ts';
import { LINE_HANDLERS } from './map-lines.ts';
import { addToPartyLoop, isPartyLoopChild, startPartyLoop } from './map-parties.ts';

/** What differs between the 850 and the 860: the beginning segment and the line segment. */
export interface DocumentProfile {
  document: '850' | '860';
  /** BEG (850) or BCH (860). */
  beginTag: string;
  /** PO1 (850) or POC (860). */
  lineTag: string;
  /** Whether the standard makes the line loop mandatory (850 PO1: M; 860 POC: O). */
  linesMandatory: boolean;
  readBegin(env: MapEnv, segment: Segment): void;
  readLine(env: MapEnv, segment: Segment): LineDraft;
}

/** A line-level N1 loop: lines carry no parties in the canonical order, so the whole loop is reported. */
function reportLineParty(env: MapEnv, line: LineDraft, loop: Segment[]): void {
  const [n1, ...children] = loop as [Segment, ...Segment[]];
  const with_ = children.length > 0 ? ` (with ${children.map((s) => s.tag).join(', ')})` : '';
  env.findings.unmapped(
    `N1 loop ${n1.elements[1] ?? ''}${with_} in line ${line.lineNumber ?? `at ${line.segment.tag} ${line.segment.position}`} not used: lines carry no parties`,
    n1,
  );
}

/**
 * Reads the segments of one transaction set in order, tracking the area (header, line loop, summary
 * after CTT) and the open N1 loop, and hands each segment to its handler. Segments without a handler in
 * their area are reported as unmapped, never dropped silently.
 */
export function walkTransaction(profile: DocumentProfile, env: MapEnv): void {
  const { draft, findings } = env;
  let line: LineDraft | undefined;
  let party: PartyLoop | undefined;
  let lineParty: Segment[] | undefined;
  let summary = false;
  let beginSeen = false;

  const closeLineParty = () => {
    if (line && lineParty) reportLineParty(env, line, lineParty);
    lineParty = undefined;
  };

  for (const segment of env.set.segments) {
    const { tag } = segment;
    if (tag === 'ST' || tag === 'SE') continue;
    const inLoopChild = isPartyLoopChild(tag);
    if (party && inLoopChild) {
      draft.headerSegments.push(segment);
      addToPartyLoop(party, segment);
      continue;
    }
    party = undefined;
    if (lineParty && inLoopChild) {
      lineParty.push(segment);
      line?.segments.push(segment);
      continue;
    }
    closeLineParty();

    if (tag === profile.beginTag) {
      if (beginSeen) findings.segmentError('5', `${tag} may appear once`, segment);
      else profile.readBegin(env, segment);
      beginSeen = true;
    } else if (tag === profile.lineTag) {
      line = profile.readLine(env, segment);
      draft.lines.push(line);
      summary = false;
    } else if (tag === 'CTT') {
      line = undefined;
      summary = true;
      if (draft.ctt) findings.segmentError('5', 'CTT may appear once', segment);
      else draft.ctt = segment;
    } else if (summary) {
      if (tag === 'AMT') amount(env, segment);
      else findings.unmapped(`${tag} after CTT has no place in the order`, segment);
    } else if (line) {
      line.segments.push(segment);
      const handler = LINE_HANDLERS[tag];
      if (tag === 'N1') lineParty = [segment];
      else if (handler) handler(env, line, segment);
      else findings.unmapped(`${tag} in a ${profile.lineTag} loop has no place in the order`, segment);
    } else {
      draft.headerSegments.push(segment);
      const handler = HEADER_HANDLERS[tag];
      if (tag === 'N1') {
        party = startPartyLoop(env, segment);
        draft.parties.push(party);
      } else if (handler) handler(env, segment);
      else findings.unmapped(`${tag} has no place in the order`, segment);
    }
  }
  closeLineParty();
  if (!beginSeen) findings.segmentError('3', `${profile.beginTag} segment missing`, profile.beginTag);
}
