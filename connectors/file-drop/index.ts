import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import type { DecodeInput, InboundConnector } from '../../src/core/connector.ts';
import type { Diagnostic } from '../../src/core/diagnostic.ts';
import { x12Connector } from '../x12/index.ts';
import { FileDropConfig } from './config.ts';
import { FileDropSource } from './source.ts';

export { FileDropConfig } from './config.ts';

/**
 * One source (one claim owner) per configuration object, so repeated `receive` calls with the same config
 * retry their own unconfirmed claims instead of looking like a second poller.
 */
const sources = new WeakMap<FileDropConfig, FileDropSource>();

function sourceFor(config: FileDropConfig): FileDropSource {
  let source = sources.get(config);
  if (!source) {
    source = new FileDropSource(config);
    sources.set(config, source);
  }
  return source;
}

/**
 * The file-drop transport: files in a folder become raw messages; a stored file moves to archive/, a refused
 * one to error/ with a note. It decodes by delegating to the format's connector (X12 today).
 *
 * `receive` also yields claims that may already be stored (a retry after a failed or unknown commit, a crashed
 * poller's orphan). A caller must look for an existing copy before storing those, which is what
 * `startFileDrop` (poller.ts) does; the gateway runs the folder through it rather than through `receive`.
 */
export const fileDropConnector: InboundConnector<FileDropConfig> = {
  id: 'file-drop',
  channel: 'x12',
  configSchema: FileDropConfig,
  async check(config) {
    const problems: Diagnostic[] = [];
    try {
      if (!(await stat(config.dir)).isDirectory())
        problems.push(problem('file-drop.not-a-folder', `${config.dir} is not a folder`));
      else await access(config.dir, constants.R_OK | constants.W_OK | constants.X_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      problems.push(problem('file-drop.folder-unusable', `${config.dir} cannot be used (${code})`));
    }
    return problems;
  },
  async *receive(config, ctx) {
    for await (const claimed of sourceFor(config).poll(() => ctx.now())) yield claimed.raw;
  },
  async confirmReceipt(ref, config, ctx) {
    await sourceFor(config).confirm(ref, ctx.now());
  },
  decode(raw: DecodeInput, ctx) {
    return x12Connector.decode(raw, ctx);
  },
};

function problem(code: string, message: string): Diagnostic {
  return { severity: 'error', code, message };
}
