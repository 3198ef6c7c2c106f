import type { FieldProblem } from '../../../core/field-problem.ts';
import type { OrderLine } from '../../../core/order.ts';
import { roleAllows } from '../../../core/user.ts';
import type { ExceptionView } from '../../../services/exceptions/exception-inbox.ts';
import { type Finding, proposedResolution } from '../../../services/exceptions/proposed-resolution.ts';
import type { SessionUser } from '../../../services/users/sessions.ts';
import { FormProblems, TextField } from '../../components/form.tsx';
import { Badge, Table, When } from '../../components/list.tsx';
import { CsrfField } from '../../layout.tsx';
import { LINE_CHOICES, type ResolveForm } from './resolve-form.ts';
import type { SourceExcerpt } from './source-excerpt.ts';

/** Segments of the source shown on the page at most (the message's page shows it whole). */
const SHOWN_SEGMENTS = 80;

const FINDING_WORDS: Record<string, string> = {
  'price.mismatch': 'Price differs from ours',
  'price.missing': 'No price agreed',
  'quantity.below_moq': 'Below the minimum order quantity',
  'quantity.not_multiple': 'Not a multiple of the pack',
  'inventory.short': 'Not enough in stock',
  'item.unknown': 'Unknown item',
  'item.discontinued': 'Discontinued item',
};

/** A finding in words, with what we expect, what the order has and what could be done instead. */
function FindingText(props: { finding: Finding; settled?: boolean }) {
  const f = props.finding;
  return (
    <div>
      <Badge tone={props.settled ? 'muted' : 'warn'}>
        {props.settled ? 'decided by policy' : (FINDING_WORDS[f.code] ?? f.code)}
      </Badge>{' '}
      {f.message} <code class="hint">{f.code}</code>
      {(f.expected !== undefined || f.found !== undefined || f.proposed?.length) && (
        <dl class="facts">
          {f.expected !== undefined && (
            <>
              <dt>Expected</dt>
              <dd>{f.expected}</dd>
            </>
          )}
          {f.found !== undefined && (
            <>
              <dt>Found</dt>
              <dd>{f.found}</dd>
            </>
          )}
          {f.proposed?.length ? (
            <>
              <dt>Proposed</dt>
              <dd>{f.proposed.join(', ')}</dd>
            </>
          ) : null}
        </dl>
      )}
    </div>
  );
}

/** A person's decision about a line, in words. */
function decisionText(l: { quantity?: string; unitPrice?: string; sku?: string; status?: string }): string {
  const parts = [
    l.status === 'reject' ? 'rejected' : l.status === 'backorder' ? 'backordered' : undefined,
    l.quantity !== undefined ? `quantity ${l.quantity}` : undefined,
    l.unitPrice !== undefined ? `unit price ${l.unitPrice}` : undefined,
    l.sku !== undefined ? `SKU ${l.sku}` : undefined,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'as it stands';
}

/** A line's item numbers as the partner sent them. */
function itemsOf(line: OrderLine): string {
  return Object.entries(line.items)
    .map(([kind, value]) => `${kind} ${value}`)
    .join(', ');
}

/** One input of the decision table: its label read by screen readers, its problem shown under it. */
function LineInput(props: {
  name: string;
  label: string;
  value?: string;
  placeholder?: string;
  problems?: readonly FieldProblem[];
}) {
  const id = `f-${props.name.replace(/[^\w-]/g, '-')}`;
  const errors = (props.problems ?? []).filter((p) => p.path === props.name).map((p) => p.message);
  return (
    <>
      <label class="skip" for={id}>
        {props.label}
      </label>
      <input
        id={id}
        name={props.name}
        value={props.value}
        placeholder={props.placeholder}
        size={10}
        aria-invalid={errors.length ? 'true' : undefined}
        aria-describedby={errors.length ? `${id}-error` : undefined}
      />
      {errors.length > 0 && (
        <p class="field-error" id={`${id}-error`}>
          {errors.join('; ')}
        </p>
      )}
    </>
  );
}

/** The resolve form's initial values: what the findings propose, else empty (the line as it stands). */
export function proposedForm(view: ExceptionView, lines: readonly OrderLine[]): ResolveForm {
  const proposal = proposedResolution(view.diagnostics);
  const form: ResolveForm = {};
  lines.forEach((line, i) => {
    const d = proposal.lines.find((l) => l.lineNumber === line.lineNumber);
    if (d?.status) form[`lines.${i}.status`] = d.status;
    if (d?.quantity) form[`lines.${i}.quantity`] = d.quantity;
    if (d?.unitPrice) form[`lines.${i}.unitPrice`] = d.unitPrice;
    if (d?.sku) form[`lines.${i}.sku`] = d.sku;
  });
  return form;
}

/** The canonical order's lines, as the order view holds them. */
export function orderLines(view: ExceptionView): OrderLine[] {
  return ((view.order?.order as { lines?: OrderLine[] } | undefined)?.lines ?? []) as OrderLine[];
}

const RESOLVE_FIELDS = (lines: readonly OrderLine[]) => [
  'comment',
  'remember',
  ...lines.flatMap((_, i) => ['status', 'quantity', 'unitPrice', 'sku'].map((f) => `lines.${i}.${f}`)),
];

/**
 * One exception: what it is and until when, the order's lines each with the findings about it (expected,
 * found, proposed) beside the line's own segment of the source document, the decision form (per line: accept
 * with a changed quantity, price or SKU, backorder, reject; remember a cross-reference for an unknown item),
 * assignment, and the history.
 */
export function ExceptionDetail(props: {
  user: SessionUser;
  view: ExceptionView;
  partnerName?: string;
  /** People's emails by the actor the audit names (`user:<id>`); other actors are shown as they are. */
  actors?: ReadonlyMap<string, string>;
  source?: SourceExcerpt;
  form?: ResolveForm;
  problems?: FieldProblem[];
  assignProblems?: FieldProblem[];
}) {
  const { view, user } = props;
  const operator = roleAllows(user.role, 'operator');
  const open = view.status === 'open';
  const lines = orderLines(view);
  const findings = view.diagnostics as Finding[];
  const mine = new Set(findings.map((f) => `${f.code}\u0000${f.line ?? ''}`));
  const settled = ((view.order?.diagnostics ?? []) as Finding[]).filter(
    (d) => d.line !== undefined && !mine.has(`${d.code}\u0000${d.line}`),
  );
  const orderLevel = findings.filter(
    (f) => f.line === undefined || !lines.some((l) => l.lineNumber === f.line),
  );
  const form = props.form ?? proposedForm(view, lines);
  const unknownItem = findings.some((f) => f.code === 'item.unknown');
  const id = encodeURIComponent(view.id);
  const who = (actor: string | null) => (actor ? (props.actors?.get(actor) ?? actor) : 'someone');
  const resolution = view.resolution as {
    action?: string;
    lines?: { lineNumber: string; quantity?: string; unitPrice?: string; sku?: string; status?: string }[];
    comment?: string | null;
  } | null;
  return (
    <>
      {!open && (
        <div class="notice ok" role="status">
          <p>
            Resolved by {who(view.resolvedBy)} at <When at={view.resolvedAt} />
            {view.order ? `: the order is ${view.order.status}.` : '.'}
          </p>
          {resolution?.action && (
            <p>
              Decided: {resolution.action === 'reject' ? 'the whole order rejected' : 'accepted'}
              {(resolution.lines ?? []).map((l) => `; line ${l.lineNumber}: ${decisionText(l)}`).join('')}
              {resolution.comment ? ` — “${resolution.comment}”` : ''}.
            </p>
          )}
          {view.messageId && (
            <p>
              The answer to the partner (the 855 or the reply mail) goes out with each line's outcome:{' '}
              <a href={`/admin/messages/${encodeURIComponent(view.messageId)}`}>
                see it on the message's timeline
              </a>
              .
            </p>
          )}
        </div>
      )}
      <section class="card" aria-labelledby="what">
        <h2 id="what">{open ? 'What is waiting' : 'What was waiting'}</h2>
        <p>{view.message}</p>
        <dl class="facts">
          <dt>Status</dt>
          <dd>
            <Badge tone={open ? 'warn' : 'ok'}>{view.status}</Badge>
          </dd>
          <dt>Type</dt>
          <dd>
            {view.type} (<code>{view.code}</code>)
          </dd>
          <dt>Deadline</dt>
          <dd>
            <When at={view.dueAt} /> {view.overdue && <Badge tone="bad">overdue</Badge>}
          </dd>
          <dt>Owner</dt>
          <dd>{view.owner ?? 'nobody yet'}</dd>
          <dt>Partner</dt>
          <dd>
            {view.partnerId ? (
              <a href={`/admin/partners/${encodeURIComponent(view.partnerId)}`}>
                {props.partnerName ?? view.partnerId}
              </a>
            ) : (
              '—'
            )}
          </dd>
          {view.order && (
            <>
              <dt>Order</dt>
              <dd>
                <a href={`/admin/orders/${encodeURIComponent(view.order.id)}`}>{view.order.poNumber}</a> (
                {view.order.status})
              </dd>
            </>
          )}
          <dt>Opened</dt>
          <dd>
            <When at={view.createdAt} />
          </dd>
        </dl>
        {orderLevel.length > 0 && (
          <>
            <h3>About the whole order</h3>
            <ul>
              {orderLevel.map((f) => (
                <li>
                  <FindingText finding={f} />
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      {lines.length > 0 && (
        <section aria-labelledby="lines">
          <h2 id="lines">The order's lines and what was found</h2>
          <Table
            caption={`Lines of PO ${view.order?.poNumber ?? ''} with their findings and source segments`}
            head={['Line', 'Item', 'Quantity', 'Unit price', 'Findings', 'Source segment']}
            numeric={[2, 3]}
            rows={lines.length}
          >
            {lines.map((line) => {
              const here = findings.filter((f) => f.line === line.lineNumber);
              const policy = settled.filter((f) => f.line === line.lineNumber);
              return (
                <tr id={`line-${line.lineNumber}`}>
                  <th scope="row">{line.lineNumber}</th>
                  <td>
                    {itemsOf(line)}
                    {line.description && <div class="hint">{line.description}</div>}
                  </td>
                  <td class="num">
                    {line.quantity} {line.uom}
                  </td>
                  <td class="num">{line.unitPrice ?? '—'}</td>
                  <td>
                    {here.length === 0 && policy.length === 0 && <span class="hint">nothing found</span>}
                    {here.map((f) => (
                      <FindingText finding={f} />
                    ))}
                    {policy.map((f) => (
                      <FindingText finding={f} settled />
                    ))}
                  </td>
                  <td>
                    {props.source?.byLine.get(line.lineNumber) ? (
                      <code>{props.source.byLine.get(line.lineNumber)}</code>
                    ) : (
                      <span class="hint">—</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </Table>
        </section>
      )}

      <section class="card" aria-labelledby="source">
        <h2 id="source">Source document</h2>
        {view.messageId ? (
          <p>
            <a href={`/admin/messages/${encodeURIComponent(view.messageId)}`}>
              Open the message {view.source.filename ?? view.messageId}
            </a>{' '}
            ({view.source.channel ?? 'unknown channel'}
            {view.source.rows.length > 0 ? `; rows ${view.source.rows.join(', ')} concerned` : ''})
          </p>
        ) : (
          <p class="hint">This exception has no stored message.</p>
        )}
        {props.source && (
          <pre>
            {props.source.segments.slice(0, SHOWN_SEGMENTS).join('\n')}
            {props.source.segments.length > SHOWN_SEGMENTS
              ? `\n… ${props.source.segments.length - SHOWN_SEGMENTS} more segments on the message's page`
              : ''}
          </pre>
        )}
      </section>

      {open && operator && (
        <section class="card" aria-labelledby="decide">
          <h2 id="decide">Decide</h2>
          <FormProblems problems={props.problems} fields={RESOLVE_FIELDS(lines)} />
          <form method="post" action={`/admin/exceptions/${id}/resolve`}>
            <CsrfField user={user} />
            {lines.length > 0 && (
              <>
                <p class="hint">
                  Each line is taken as it stands unless you change it here; the values filled in are what the
                  findings propose. Empty a field to keep the order's value.
                </p>
                <Table
                  caption="Your decision per line"
                  head={[
                    'Line',
                    'Decision',
                    'Quantity',
                    'Unit price',
                    'SKU (substitute or the unknown item)',
                  ]}
                  rows={lines.length}
                >
                  {lines.map((line, i) => {
                    const name = (f: string) => `lines.${i}.${f}`;
                    const statusErrors = (props.problems ?? []).filter((p) => p.path === name('status'));
                    return (
                      <tr>
                        <th scope="row">
                          {line.lineNumber}
                          <input type="hidden" name={name('lineNumber')} value={line.lineNumber} />
                        </th>
                        <td>
                          <label class="skip" for={`f-lines-${i}-status`}>
                            Decision for line {line.lineNumber}
                          </label>
                          <select id={`f-lines-${i}-status`} name={name('status')}>
                            {LINE_CHOICES.map((o) => (
                              <option value={o.value} selected={(form[name('status')] ?? '') === o.value}>
                                {o.label}
                              </option>
                            ))}
                          </select>
                          {statusErrors.length > 0 && (
                            <p class="field-error">{statusErrors.map((p) => p.message).join('; ')}</p>
                          )}
                        </td>
                        <td>
                          <LineInput
                            name={name('quantity')}
                            label={`Quantity for line ${line.lineNumber}`}
                            value={form[name('quantity')]}
                            placeholder={line.quantity}
                            problems={props.problems}
                          />
                        </td>
                        <td>
                          <LineInput
                            name={name('unitPrice')}
                            label={`Unit price for line ${line.lineNumber}`}
                            value={form[name('unitPrice')]}
                            placeholder={line.unitPrice}
                            problems={props.problems}
                          />
                        </td>
                        <td>
                          <LineInput
                            name={name('sku')}
                            label={`SKU for line ${line.lineNumber}`}
                            value={form[name('sku')]}
                            problems={props.problems}
                          />
                        </td>
                      </tr>
                    );
                  })}
                </Table>
                {unknownItem && (
                  <p>
                    <label for="f-remember">
                      <input
                        type="checkbox"
                        id="f-remember"
                        name="remember"
                        value="true"
                        checked={form.remember === 'true'}
                      />{' '}
                      Remember the SKU given for an unknown item as this partner's cross-reference
                    </label>
                  </p>
                )}
              </>
            )}
            <TextField
              name="comment"
              label="Comment (kept with the decision)"
              value={form.comment}
              problems={props.problems}
            />
            <p>
              <button type="submit" name="action" value="accept">
                {lines.length > 0 ? 'Accept with these decisions' : 'Mark resolved'}
              </button>{' '}
              {lines.length > 0 && (
                <button type="submit" name="action" value="reject" class="danger">
                  Reject the whole order
                </button>
              )}
            </p>
          </form>
        </section>
      )}

      {open && operator && (
        <section class="card" aria-labelledby="assign">
          <h2 id="assign">Assign</h2>
          <FormProblems problems={props.assignProblems} fields={['owner']} />
          <form class="inline" method="post" action={`/admin/exceptions/${id}/assign`}>
            <CsrfField user={user} />
            <TextField
              name="owner"
              label="Who works it"
              value={view.owner ?? undefined}
              problems={props.assignProblems}
              required
            />
            <button type="submit" class="secondary">
              Assign
            </button>
          </form>
        </section>
      )}
      {open && !operator && (
        <p class="hint">You can read this exception; an operator decides or assigns it.</p>
      )}

      {view.order && view.order.documents.length > 0 && (
        <section aria-labelledby="documents">
          <h2 id="documents">Documents of the order</h2>
          <Table
            caption="Documents sent or asked for about the order"
            head={['Type', 'Status', 'Message']}
            rows={view.order.documents.length}
          >
            {view.order.documents.map((d) => (
              <tr>
                <td>{d.type}</td>
                <td>{d.status}</td>
                <td>
                  {d.messageId ? (
                    <a href={`/admin/messages/${encodeURIComponent(d.messageId)}`}>the {d.type} as sent</a>
                  ) : (
                    <span class="hint">not sent yet</span>
                  )}
                </td>
              </tr>
            ))}
          </Table>
        </section>
      )}

      <section aria-labelledby="history">
        <h2 id="history">History</h2>
        <Table
          caption="What happened to the exception, its order and its message"
          head={['When', 'Who', 'What']}
          rows={view.audit.length}
          empty="Nothing recorded yet."
        >
          {view.audit.map((a) => (
            <tr>
              <td>
                <When at={a.at} />
              </td>
              <td>{who(a.actor)}</td>
              <td>
                {a.entityType} {a.action}
              </td>
            </tr>
          ))}
        </Table>
      </section>
    </>
  );
}
