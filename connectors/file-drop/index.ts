import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import type {
  DecodeInput,
  InboundConnector,
  InboundSource,
  SourceContext,
} from '../../src/core/connector.ts';
import type { Diagnostic } from '../../src/core/diagnostic.ts';
import type { ErrorCode } from '../../src/core/error-codes.ts';
import { x12Connector } from '../x12/index.ts';
import { FileDropConfig } from './config.ts';
import { FileDropSource } from './source.ts';

export { FileDropConfig } from './config.ts';

/**
 * The file-drop transport: files in a folder become raw messages; a stored file moves to archive/, a refused
 * one to error/ with a note. It decodes by delegating to the format's connector (X12 today). The intake
 * runner drives its source like any other door's; a claim left from an earlier run comes back with
 * `recoveredAt`, and the runner looks for a stored copy before storing it.
 */
export const fileDropConnector: InboundConnector<FileDropConfig> = {
  id: 'file-drop',
  channel: 'x12',
  configSchema: FileDropConfig,
  async check(config) {
    const problems: Diagnostic[] = [];
    try {
      if (!(await stat(config.dir)).isDirectory())
        problems.push(problem('file-drop.not_a_folder', `${config.dir} is not a folder`));
      else await access(config.dir, constants.R_OK | constants.W_OK | constants.X_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      problems.push(problem('file-drop.folder_unusable', `${config.dir} cannot be used (${code})`));
    }
    return problems;
  },
  open: openFileDrop,
  decode(raw: DecodeInput, ctx) {
    return x12Connector.decode(raw, ctx);
  },
};

function problem(code: ErrorCode, message: string): Diagnostic {
  return { severity: 'error', code, message };
}

/**
 * Opens the folder for the intake runner: one source (one claim owner) beating its heartbeat between passes,
 * so other pollers of the folder see it alive and adopt its claims only once it has gone quiet for staleMs.
 */
async function openFileDrop(config: FileDropConfig, ctx: SourceContext): Promise<InboundSource> {
  await mkdir(config.dir, { recursive: true });
  const source = new FileDropSource(config, {
    refused: (file, refusal, movedTo) =>
      ctx.warn({ file, reason: refusal.reason, movedTo }, `file-drop: refused: ${refusal.message}`),
    readFailed: (file, error) =>
      ctx.warn({ err: error, file }, 'file-drop: could not read; retried next poll'),
  });
  let beating = source.heartbeat();
  await beating;
  const heartbeat = setInterval(
    () => {
      beating = source
        .heartbeat()
        .catch((error: unknown) => ctx.warn({ err: error }, 'file-drop: heartbeat'));
    },
    Math.min(config.staleMs / 3, 10_000),
  );
  heartbeat.unref();
  return {
    pollMs: config.pollMs,
    async *receive() {
      for await (const claimed of source.poll(() => ctx.now())) yield claimed.raw;
    },
    async confirm(ref) {
      await source.confirm(ref, ctx.now());
    },
    async close() {
      clearInterval(heartbeat);
      await beating;
      await source.close();
    },
  };
}
