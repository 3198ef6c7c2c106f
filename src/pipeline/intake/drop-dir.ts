import { FileDropConfig, type FileDropConfigInput } from '../../../connectors/file-drop/config.ts';
import { fileDropConnector } from '../../../connectors/file-drop/index.ts';
import type { Config } from '../../runtime/config.ts';
import { type Intake, type IntakeDeps, startIntake } from './intake.ts';

export interface StartFileDropOptions extends IntakeDeps {
  config: Pick<Config, 'dropDir' | 'maxInboundBytes'>;
  /** Settings beyond the environment's (pollMs, partnerId, settleMs, staleMs …); `dir` defaults to dropDir. */
  drop?: Partial<FileDropConfigInput>;
}

/**
 * The drop folder of `ORDERGATE_DROP_DIR` (or `drop.dir`): one file-drop connector instance on the intake
 * runner, polled every `pollMs` (default 1 s; fs.watch is unreliable on network and container filesystems).
 * Safe to run in several processes over one folder (claims are atomic renames). Without a folder it does
 * nothing.
 */
export async function startFileDrop(options: StartFileDropOptions): Promise<Intake> {
  const dir = options.drop?.dir ?? options.config.dropDir;
  if (dir === undefined) return { pollNow: async () => {}, close: async () => {} };
  const config = FileDropConfig.parse({ maxBytes: options.config.maxInboundBytes, ...options.drop, dir });
  const intake = await startIntake(fileDropConnector, config, options);
  options.log.info({ dir: config.dir, pollMs: config.pollMs }, 'file-drop: watching folder');
  return intake;
}
