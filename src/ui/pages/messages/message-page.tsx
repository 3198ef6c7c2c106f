import { roleAllows } from '../../../core/user.ts';
import type { MessageView } from '../../../db/message-view.ts';
import type { RelatedDocument } from '../../../services/message-documents.ts';
import type { SessionUser } from '../../../services/users/sessions.ts';
import { Badge, Table, When } from '../../components/list.tsx';
import { CsrfField } from '../../layout.tsx';
import { StatusBadge } from './search.tsx';

/** Stopped jobs an operator may retry. */
export const STOPPED_JOBS = new Set(['dead', 'failed']);

const messageLink = (id: string) => `/admin/messages/${encodeURIComponent(id)}`;

/** A finding or an error as one line of words. */
function Finding(props: { value: unknown }) {
  const d = (props.value ?? {}) as Record<string, unknown>;
  const where = [
    d.file,
    d.sheet,
    d.row !== undefined ? `row ${d.row}` : undefined,
    d.column !== undefined ? `column ${d.column}` : undefined,
    d.transaction !== undefined ? `set ${d.transaction}` : undefined,
    d.segment !== undefined
      ? `${d.segment}${d.segmentPosition !== undefined ? ` (segment ${d.segmentPosition})` : ''}`
      : undefined,
    d.element !== undefined ? `element ${d.element}` : undefined,
    d.line !== undefined ? `line ${d.line}` : undefined,
  ].filter((w) => w !== undefined && w !== '');
  return (
    <>
      {typeof d.severity === 'string' && (
        <Badge tone={d.severity === 'error' ? 'bad' : d.severity === 'warning' ? 'warn' : 'muted'}>
          {d.severity}
        </Badge>
      )}{' '}
      {typeof d.code === 'string' && <code>{d.code}</code>} {typeof d.message === 'string' ? d.message : ''}
      {where.length > 0 && <span class="hint"> ({where.join(', ')})</span>}
    </>
  );
}

/** What the partner answered about a document we sent. */
function AckCell(props: { doc: RelatedDocument }) {
  const ack = props.doc.partnerAck;
  if (!ack)
    return props.doc.status === 'overdue' ? (
      <Badge tone="bad">overdue: no 997 yet</Badge>
    ) : (
      <span class="hint">none yet</span>
    );
  const accepted = ack.status !== 'R' && props.doc.status !== 'rejected';
  return (
    <>
      <Badge tone={accepted ? 'ok' : 'bad'}>
        {ack.ack ?? '997'} {accepted ? 'accepted' : 'rejected'}
      </Badge>{' '}
      <When at={props.doc.acknowledgedAt} />
      {ack.messageId && (
        <>
          {' '}
          <a href={messageLink(ack.messageId)}>the partner's {ack.ack ?? 'acknowledgment'}</a>
        </>
      )}
    </>
  );
}

function Documents(props: { caption: string; docs: RelatedDocument[]; empty: string }) {
  return (
    <Table
      caption={props.caption}
      head={['Document', 'Order', 'Status', 'Sent as', "Partner's acknowledgment"]}
      rows={props.docs.length}
      empty={props.empty}
    >
      {props.docs.map((d) => (
        <tr>
          <td>
            {d.type}{' '}
            <span class="hint">
              requested <When at={d.createdAt} />
            </span>
          </td>
          <td>
            {d.orderId ? (
              <a href={`/admin/orders/${encodeURIComponent(d.orderId)}`}>{d.poNumber ?? d.orderId}</a>
            ) : (
              '—'
            )}
          </td>
          <td>
            <Badge
              tone={
                d.status === 'rejected' || d.status === 'failed' || d.status === 'overdue'
                  ? 'bad'
                  : d.status === 'accepted'
                    ? 'ok'
                    : 'muted'
              }
            >
              {d.status}
            </Badge>
          </td>
          <td>
            {d.messageId ? (
              <a href={messageLink(d.messageId)}>outbound message</a>
            ) : (
              <span class="hint">not yet encoded</span>
            )}
          </td>
          <td>
            <AckCell doc={d} />
          </td>
        </tr>
      ))}
    </Table>
  );
}

/**
 * One message's page: what it is, its timeline (received, every stage's job with attempts and errors, each
 * audited step), its orders, the documents sent about it and the partner's acknowledgments of them, its
 * findings, and for operators replay and retry.
 */
export function MessageDetail(props: {
  user: SessionUser;
  view: MessageView;
  partnerName?: string;
  documents: { aboutOrders: RelatedDocument[]; carried: RelatedDocument[]; acknowledged: RelatedDocument[] };
  notice?: string;
}) {
  const { view, documents } = props;
  const operator = roleAllows(props.user.role, 'operator');
  const stopped = view.jobs.filter((j) => STOPPED_JOBS.has(j.status));
  const answers = view.outbound;
  return (
    <>
      {props.notice && (
        <p class="notice ok" role="status">
          {props.notice}
        </p>
      )}
      <section class="card" aria-labelledby="facts">
        <h2 id="facts">The message</h2>
        <dl class="facts">
          <dt>Status</dt>
          <dd>
            <StatusBadge status={view.status} />
          </dd>
          <dt>Direction</dt>
          <dd>{view.direction}</dd>
          <dt>Type</dt>
          <dd>{view.type ?? 'not known'}</dd>
          <dt>Channel</dt>
          <dd>{view.channel}</dd>
          <dt>Partner</dt>
          <dd>
            {view.partnerId ? (
              <a href={`/admin/partners/${encodeURIComponent(view.partnerId)}`}>
                {props.partnerName ?? view.partnerId}
              </a>
            ) : (
              'unknown sender'
            )}
          </dd>
          <dt>Received</dt>
          <dd>
            <When at={view.receivedAt} />
          </dd>
          <dt>Size</dt>
          <dd>{view.size.toLocaleString('en-US')} bytes</dd>
          <dt>SHA-256</dt>
          <dd>
            <code>{view.sha256}</code>
          </dd>
          {view.replayOf && (
            <>
              <dt>Replay of</dt>
              <dd>
                <a href={messageLink(view.replayOf)}>the earlier run</a>
              </dd>
            </>
          )}
          {view.replays.length > 0 && (
            <>
              <dt>Replayed as</dt>
              <dd>
                {view.replays.map((id, i) => (
                  <>
                    {i > 0 && ', '}
                    <a href={messageLink(id)}>replay {i + 1}</a>
                  </>
                ))}
              </dd>
            </>
          )}
        </dl>
        <p>
          <a href={`${messageLink(view.id)}/raw`}>
            Read the document as {view.direction === 'inbound' ? 'received' : 'sent'}
          </a>
          {' · '}
          <a href={`${messageLink(view.id)}/download`}>Download its bytes</a>
        </p>
      </section>

      {operator && (
        <section class="card" aria-labelledby="actions">
          <h2 id="actions">Actions</h2>
          <div class="inline">
            {view.direction === 'inbound' && (
              <form method="post" action={`${messageLink(view.id)}/replay`} class="inline">
                <CsrfField user={props.user} />
                <button type="submit">Replay with today's mappings</button>
              </form>
            )}
            {stopped.length > 0 && (
              <form method="post" action={`${messageLink(view.id)}/retry`} class="inline">
                <CsrfField user={props.user} />
                <button type="submit" class="secondary">
                  Retry {stopped.length} stopped {stopped.length === 1 ? 'stage' : 'stages'}
                </button>
              </form>
            )}
          </div>
          <p class="hint">
            A replay stores a new message linked to this one and runs it through the pipeline again; its
            orders replace this run's. A retry runs the stopped stages again with fresh attempts.
          </p>
        </section>
      )}

      <h2>Timeline</h2>
      <Table
        caption="What happened to the message, in order"
        head={['When', 'Who', 'What']}
        rows={view.timeline.length + 1}
      >
        <tr>
          <td>
            <When at={view.receivedAt} />
          </td>
          <td>{view.direction === 'inbound' ? 'partner' : 'pipeline'}</td>
          <td>{view.direction === 'inbound' ? 'received' : 'written'}</td>
        </tr>
        {view.timeline.map((e) => (
          <tr>
            <td>
              <When at={e.at} />
            </td>
            <td>{e.actor}</td>
            <td>
              {e.action}
              {e.after !== null && typeof e.after === 'object' && 'status' in e.after && (
                <span class="hint"> → {String((e.after as { status: unknown }).status)}</span>
              )}
            </td>
          </tr>
        ))}
      </Table>

      <h2>Stages</h2>
      <Table
        caption="The pipeline's stages for this message"
        head={['Stage', 'Status', 'Attempts', 'Last change', 'Last error']}
        numeric={[2]}
        rows={view.jobs.length}
        empty="No stage has run for this message."
      >
        {view.jobs.map((j) => (
          <tr>
            <td>{j.stage}</td>
            <td>
              <Badge tone={j.status === 'done' ? 'ok' : STOPPED_JOBS.has(j.status) ? 'bad' : 'warn'}>
                {j.status}
              </Badge>
            </td>
            <td class="num">{j.attempts}</td>
            <td>
              <When at={j.updatedAt} />
            </td>
            <td>{j.lastError ? <Finding value={j.lastError} /> : <span class="hint">none</span>}</td>
          </tr>
        ))}
      </Table>

      <h2>Orders</h2>
      <Table
        caption="Orders the message carried"
        head={['PO number', 'Status']}
        rows={view.orders.length}
        empty="No orders."
      >
        {view.orders.map((o) => (
          <tr>
            <td>
              <a href={`/admin/orders/${encodeURIComponent(o.id)}`}>{o.poNumber}</a>
            </td>
            <td>{o.status}</td>
          </tr>
        ))}
      </Table>
      {view.counts.orders > view.orders.length && (
        <p class="hint">
          The first {view.orders.length} of {view.counts.orders} orders.
        </p>
      )}

      <h2>Answers to the message</h2>
      <Table
        caption="What we sent in answer to this message (997, 999, TA1, 855 …)"
        head={['Document', 'Status', 'Sent as']}
        rows={answers.length}
        empty="Nothing sent in answer yet."
      >
        {answers.map((a) => (
          <tr>
            <td>{a.type}</td>
            <td>{a.status}</td>
            <td>
              {a.id === a.documentId ? (
                <span class="hint">not yet encoded</span>
              ) : (
                <a href={messageLink(a.id)}>outbound message</a>
              )}
            </td>
          </tr>
        ))}
      </Table>

      <h2>Documents sent about its orders</h2>
      <Documents
        caption="Documents sent about the message's orders, with the partner's acknowledgments"
        docs={documents.aboutOrders}
        empty="Nothing sent about its orders yet."
      />
      {documents.carried.length > 0 && (
        <>
          <h2>Documents in this message</h2>
          <Documents caption="Documents this outbound message carries" docs={documents.carried} empty="" />
        </>
      )}
      {documents.acknowledged.length > 0 && (
        <>
          <h2>Documents this acknowledgment answers</h2>
          <Documents
            caption="Our documents this partner acknowledgment answers"
            docs={documents.acknowledged}
            empty=""
          />
        </>
      )}

      <h2>Findings</h2>
      {view.diagnostics.length === 0 ? (
        <p class="hint">No findings.</p>
      ) : (
        <ul>
          {view.diagnostics.map((d) => (
            <li>
              <Finding value={d} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
