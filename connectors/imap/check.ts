import type { ImapFlow } from 'imapflow';
import type { Diagnostic } from '../../src/core/diagnostic.ts';
import type { ErrorCode } from '../../src/core/error-codes.ts';
import { connectFailure, imapClient } from './client.ts';
import type { ImapConfig } from './config.ts';

function problem(code: ErrorCode, message: string): Diagnostic {
  return { severity: 'error', code, message };
}

/**
 * Whether a mailbox configuration works, as `POST /v1/connectors/:id/check` asks before anything is received:
 * the server answers and takes the login, the folder opens, and the processed and failed folders exist (they
 * are created when missing, which is what the source would do anyway). Each failure is one diagnostic.
 */
export async function checkMailbox(config: ImapConfig): Promise<Diagnostic[]> {
  const client = await imapClient(config);
  // a failure is reported by the awaited call; the event would otherwise throw
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    const { code, message } = connectFailure(error);
    client.close();
    return [problem(code, `${config.host}: ${message}`)];
  }
  try {
    return [...(await openFolder(client, config.folder)), ...(await ensureFolders(client, config))];
  } finally {
    await client.logout().catch(() => client.close());
  }
}

async function openFolder(client: ImapFlow, folder: string): Promise<Diagnostic[]> {
  try {
    await client.mailboxOpen(folder, { readOnly: true });
    return [];
  } catch (error) {
    return [problem('imap.folder_missing', `the folder ${folder} cannot be opened: ${reason(error)}`)];
  }
}

async function ensureFolders(client: ImapFlow, config: ImapConfig): Promise<Diagnostic[]> {
  const problems: Diagnostic[] = [];
  for (const folder of [config.processedFolder, config.failedFolder]) {
    try {
      await client.mailboxCreate(folder); // quiet when it exists
    } catch (error) {
      problems.push(
        problem(
          'imap.folder_unusable',
          `the folder ${folder} is missing and cannot be created: ${reason(error)}`,
        ),
      );
    }
  }
  return problems;
}

function reason(error: unknown): string {
  const e = error as { responseText?: string; message?: string };
  return e?.responseText || e?.message || String(error);
}
