import type { RequestElement } from '../../../connectors/x12/request-elements.ts';
import { permanent } from '../../core/errors.ts';
import { attributeProblem, delimiterProblem, elementAttributes } from '../../x12/element-attributes.ts';
import { isFreeText } from '../../x12/free-text.ts';
import type { OutboundSyntax } from './outbound-x12.ts';

/**
 * Refuses a shipment or invoice request whose values cannot be written into their X12 elements in the
 * partner's syntax, before anything is stored: a permanent `request.invalid` (HTTP 400) whose `details` list
 * each value by its path and what is wrong (one of the partner's own delimiters, a character outside the X12
 * sets, too long or too short for the element in the partner's release). Free text (descriptions) may hold
 * delimiters: it is cleaned on the way out.
 */
export function checkRequestElements(values: readonly RequestElement[], syntax: OutboundSyntax): void {
  const details: { path: string; message: string }[] = [];
  for (const { path, value, tag, position, attributes } of values) {
    const found = attributes ?? elementAttributes(tag, position);
    const problem =
      (isFreeText(tag, position) ? undefined : delimiterProblem(value, syntax.delimiters)) ??
      (found === undefined ? undefined : attributeProblem(value, tag, position, found, syntax.version));
    if (problem !== undefined) details.push({ path, message: problem });
  }
  if (details.length === 0) return;
  throw permanent(
    'request.invalid',
    `the request cannot be written as the partner's X12 ${syntax.version}: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
    { details },
  );
}
