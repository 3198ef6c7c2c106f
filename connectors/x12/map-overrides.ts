import type { OrderInput } from '../../src/core/order.ts';
import { evaluatePathExpression, parsePathExpression } from '../../src/mapping/path-expression.ts';
import type { MapEnv } from './map-draft.ts';
import { translateUom } from './map-lines.ts';
import { pad, x12DateToIso } from './map-values.ts';

type OrderDraftInput = Omit<OrderInput, 'id'>;
type LineInput = OrderInput['lines'][number];

function setLineField(env: MapEnv, line: LineInput, path: string[], value: string): void {
  const [field, itemField] = path;
  if (field === 'description') line.description = value;
  else if (field === 'uom') line.uom = translateUom(env.mapping, value);
  else if (field === 'items' && itemField !== undefined) line.items = { ...line.items, [itemField]: value };
}

/**
 * Applies the mapping's path-expression overrides after the table-driven mapping, in file order (the
 * default's first), so a later override wins. Header targets read the segments before the first line;
 * `lines.*` targets read each line's own loop. An expression that finds nothing leaves the value alone.
 * Targets and expressions were validated when the mapping was loaded (src/mapping/order-mapping.schema.ts).
 */
export function applyOverrides(env: MapEnv, order: OrderDraftInput): void {
  const { delimiters } = env.set.interchange;
  for (const override of env.mapping.overrides) {
    const expression = parsePathExpression(override.source);
    const [head, ...path] = override.target.split('.') as [string, ...string[]];
    if (head === 'lines') {
      env.draft.lines.forEach((draft, index) => {
        const match = evaluatePathExpression(expression, draft.segments, delimiters);
        const line = order.lines[index];
        if (match && line) setLineField(env, line, path, match.value);
      });
      continue;
    }
    const match = evaluatePathExpression(expression, env.draft.headerSegments, delimiters);
    if (!match) continue;
    const [field = ''] = path;
    if (head === 'references') order.references = { ...order.references, [field]: match.value };
    else if (head === 'carrier') order.carrier = { ...order.carrier, [field]: match.value };
    else if (head === 'terms') order.terms = { ...order.terms, description: match.value };
    else if (head === 'notes') order.notes = [...(order.notes ?? []), match.value];
    else if (head === 'orderType') order.orderType = match.value;
    else if (head === 'dates') {
      const iso = x12DateToIso(match.value);
      if (iso === undefined) {
        env.findings.elementError(
          '8',
          `${match.segment.tag}${pad(match.element)} "${match.value}" (override ${override.target}) is not a valid date`,
          match.segment,
          match.element,
        );
      } else order.dates = { ...order.dates, [field]: iso };
    }
  }
}
