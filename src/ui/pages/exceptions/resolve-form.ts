import type { FieldProblem } from '../../../core/field-problem.ts';
import { Sku } from '../../../core/master-data.ts';
import { DecimalString, QuantityString } from '../../../core/primitives.ts';
import type { LineDecision } from '../../../rules/resolve-lines.ts';
import type { ResolveInput } from '../../../services/exceptions/resolve-exception.ts';

/** What the resolve form sent, as typed (shown again beside its problems when refused). */
export type ResolveForm = Record<string, string>;

/** Per-line choice of the form: take the line as it stands (with the changes typed), backorder or reject it. */
export const LINE_CHOICES = [
  { value: '', label: 'Accept (with the changes typed)' },
  { value: 'backorder', label: 'Backorder' },
  { value: 'reject', label: 'Reject the line' },
] as const;

const text = (form: ResolveForm, name: string) => (form[name] ?? '').trim();

/**
 * The resolve form (`lines.<i>.lineNumber`, `.status`, `.quantity`, `.unitPrice`, `.sku`, `remember`,
 * `comment`, and the `action` of the button pressed) as the service's input, or each problem at the field's
 * name: the same checks the API's schema makes (a quantity, a decimal price, a SKU). A line with nothing
 * chosen or typed is no decision: it stays as it stands.
 */
export function parseResolveForm(
  form: ResolveForm,
): { input: ResolveInput; problems?: undefined } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const action = form.action === 'reject' ? 'reject' : form.action === 'accept' ? 'accept' : undefined;
  if (!action) problems.push({ path: '(form)', message: 'press Accept or Reject' });
  const lines: LineDecision[] = [];
  for (let i = 0; form[`lines.${i}.lineNumber`] !== undefined; i++) {
    const at = `lines.${i}`;
    const decision: LineDecision = { lineNumber: text(form, `${at}.lineNumber`) };
    const status = text(form, `${at}.status`);
    if (status === 'backorder' || status === 'reject') decision.status = status;
    else if (status !== '') problems.push({ path: `${at}.status`, message: 'choose one of the list' });
    const checks = [
      ['quantity', QuantityString],
      ['unitPrice', DecimalString],
      ['sku', Sku],
    ] as const;
    for (const [field, schema] of checks) {
      const value = text(form, `${at}.${field}`);
      if (value === '') continue;
      const parsed = schema.safeParse(value);
      if (parsed.success) decision[field] = parsed.data;
      else problems.push({ path: `${at}.${field}`, message: parsed.error.issues[0]?.message ?? 'invalid' });
    }
    if (Object.keys(decision).length > 1) lines.push(decision);
  }
  const comment = text(form, 'comment');
  if (comment.length > 2000) problems.push({ path: 'comment', message: 'at most 2000 characters' });
  if (problems.length > 0 || !action) return { problems };
  return {
    input: {
      action,
      ...(action === 'accept' && lines.length > 0 ? { lines } : {}),
      ...(form.remember === 'true' ? { remember: true } : {}),
      ...(comment ? { comment } : {}),
    },
  };
}

/** The form fields a refusal of the service names: each unknown SKU at the line that names it. */
export function skuProblems(form: ResolveForm, skus: readonly string[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (let i = 0; form[`lines.${i}.lineNumber`] !== undefined; i++) {
    const sku = text(form, `lines.${i}.sku`);
    if (skus.includes(sku))
      problems.push({ path: `lines.${i}.sku`, message: `${sku} is none of our products` });
  }
  return problems;
}
