import { listMessages, messageRaw, messageView } from '../../../db/message-view.ts';
import { listPartners } from '../../../partners/partner-store.ts';
import { retryJobs } from '../../../services/dead-letters.ts';
import { messageDocuments } from '../../../services/message-documents.ts';
import { replayMessage } from '../../../services/replay.ts';
import type { ConsoleApp, ConsoleContext, ConsoleDeps } from '../../deps.ts';
import { Page } from '../../layout.tsx';
import { actorOf, allow } from '../../session.ts';
import { MessageDetail, STOPPED_JOBS } from './message-page.tsx';
import { mailAttachment, readRawDocument } from './raw-document.ts';
import { RawView } from './raw-view.tsx';
import { MessageSearch, messageFilter, messageQuery } from './search.tsx';

/** Messages one page of the search lists. */
const PAGE_SIZE = 50;

/** A partner's bytes as a download: never rendered, never sniffed, and a policy that runs nothing. */
function download(c: ConsoleContext, bytes: Uint8Array, name: string, type: string) {
  return c.body(new Uint8Array(bytes), 200, {
    'Content-Type': type,
    'Content-Disposition': `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    'X-Content-Type-Options': 'nosniff',
  });
}

/**
 * Messages (`/admin/messages`): the search by partner, PO number, control number, channel, status and date,
 * newest first in keyset pages; one message's timeline, orders, answers and acknowledgments; its document shown
 * safely (and downloaded); replay and retry for operators.
 */
export function registerMessagePages(app: ConsoleApp, deps: ConsoleDeps): void {
  const operator = allow('operator');
  const partners = async () =>
    (await listPartners(deps.db))
      .map((p) => ({ id: p.id, name: p.name }))
      .sort((a, b) => a.name.localeCompare(b.name));

  app.get('/messages', async (c) => {
    const query = messageQuery((name) => c.req.query(name));
    const parsed = messageFilter(query, PAGE_SIZE + 1);
    const rows = 'filter' in parsed ? await listMessages(deps.db, parsed.filter) : [];
    const page = rows.slice(0, PAGE_SIZE);
    return c.html(
      <Page title="Messages" user={c.get('user')} path={c.req.path} version={deps.version}>
        <MessageSearch
          query={query}
          rows={page}
          next={rows.length > PAGE_SIZE ? page.at(-1)?.id : undefined}
          partners={await partners()}
          problems={'problems' in parsed ? parsed.problems : undefined}
        />
      </Page>,
      'problems' in parsed ? 422 : 200,
    );
  });

  const renderMessage = async (c: ConsoleContext, notice?: string) => {
    const view = await messageView(deps.db, c.req.param('id') ?? '');
    if (!view) return c.notFound();
    const [documents, named] = await Promise.all([
      messageDocuments(deps.db, view.id),
      view.partnerId ? listPartners(deps.db, [view.partnerId]) : Promise.resolve([]),
    ]);
    return c.html(
      <Page
        title={`Message: ${view.type ?? view.channel} ${view.direction}`}
        user={c.get('user')}
        path={c.req.path}
        version={deps.version}
      >
        <MessageDetail
          user={c.get('user')}
          view={view}
          partnerName={named[0]?.name}
          documents={documents}
          notice={notice}
        />
      </Page>,
    );
  };

  app.get('/messages/:id', (c) => renderMessage(c));

  app.get('/messages/:id/raw', async (c) => {
    const id = c.req.param('id');
    const [row, view] = await Promise.all([messageRaw(deps.db, id), messageView(deps.db, id)]);
    if (!row || !view) return c.notFound();
    const doc = await readRawDocument(row.raw, row.channel);
    return c.html(
      <Page
        title={`The document of message ${view.type ?? view.channel}`}
        user={c.get('user')}
        path={c.req.path}
        version={deps.version}
      >
        <p>
          <a href={`/admin/messages/${encodeURIComponent(id)}`}>Back to the message's timeline</a>
          {' · '}
          <a href={`/admin/messages/${encodeURIComponent(id)}/download`}>Download its bytes</a>
        </p>
        <RawView id={id} doc={doc} diagnostics={view.diagnostics} />
      </Page>,
    );
  });

  app.get('/messages/:id/download', async (c) => {
    const id = c.req.param('id');
    const row = await messageRaw(deps.db, id);
    if (!row) return c.notFound();
    const x12 = row.channel === 'x12';
    return download(
      c,
      row.raw,
      `${id}${x12 ? '.edi' : '.bin'}`,
      x12 ? 'application/edi-x12' : 'application/octet-stream',
    );
  });

  app.get('/messages/:id/attachments/:index', async (c) => {
    const row = await messageRaw(deps.db, c.req.param('id'));
    const index = Number(c.req.param('index'));
    if (row?.channel !== 'email' || !Number.isInteger(index) || index < 0) return c.notFound();
    const found = await mailAttachment(row.raw, index);
    if (!found) return c.notFound();
    return download(c, found.bytes, found.filename || `attachment-${index}`, 'application/octet-stream');
  });

  app.post('/messages/:id/replay', operator, async (c) => {
    const { messageId } = await replayMessage(deps.db, c.req.param('id'), actorOf(c));
    deps.dispatcher.notify();
    return c.redirect(`/admin/messages/${encodeURIComponent(messageId)}`, 303);
  });

  app.post('/messages/:id/retry', operator, async (c) => {
    const view = await messageView(deps.db, c.req.param('id'));
    if (!view) return c.notFound();
    const ids = view.jobs.filter((j) => STOPPED_JOBS.has(j.status)).map((j) => j.id);
    const retried = ids.length > 0 ? await retryJobs(deps.db, { ids }, actorOf(c)) : [];
    if (retried.length > 0) deps.dispatcher.notify();
    return renderMessage(
      c,
      retried.length > 0
        ? `${retried.length} stopped ${retried.length === 1 ? 'stage runs' : 'stages run'} again.`
        : 'No stage of this message was stopped: nothing to retry.',
    );
  });
}
