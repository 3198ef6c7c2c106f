import { parseArgs } from 'node:util';
import { GatewayError } from '../core/errors.ts';
import { type FieldProblem, zodProblems } from '../core/field-problem.ts';
import { UserInput } from '../core/user.ts';
import { openConfiguredDatabase } from '../db/client.ts';
import { loadConfig } from '../runtime/config.ts';
import { createLogger } from '../runtime/logger.ts';
import { createUser, signInUrl } from '../services/users/users.ts';
import { COMMAND_HELP } from './help.ts';

/** `ordergate users add EMAIL --role R`: the first user of a new gateway, or any later one. */
export async function runUsers(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    options: { role: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [action, email] = positionals;
  if (action !== 'add' || !email || positionals.length !== 2) {
    process.stderr.write(`${COMMAND_HELP.users}\n`);
    return 2;
  }
  // a bad address or role is told before the database is opened (and migrated)
  const input = UserInput.safeParse({ email, role: values.role });
  if (!input.success) {
    const problems = zodProblems(input.error).map((p) => `${p.path} ${p.message}`);
    process.stderr.write(`ordergate users add: ${problems.join('; ')}\n`);
    return 2;
  }
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const database = await openConfiguredDatabase(config, log);
  try {
    await database.migrate();
    const created = await createUser(database.db, input.data, 'cli');
    const url = signInUrl(config.publicUrl ?? `http://localhost:${config.port}`, created.linkToken);
    process.stdout.write(
      `added ${created.user.email} (${created.user.role}); send them this one-time sign-in link:\n  ${url}\n`,
    );
    return 0;
  } catch (error) {
    const problems = problemsOfError(error);
    if (!problems) throw error;
    process.stderr.write(`ordergate users add: ${problems}\n`);
    return 2;
  } finally {
    await database.close();
  }
}

/** A refused user as one line (each field's problem), or undefined for any other failure. */
function problemsOfError(error: unknown): string | undefined {
  if (!(error instanceof GatewayError) || error.kind !== 'permanent') return undefined;
  const details = Array.isArray(error.details) ? (error.details as FieldProblem[]) : [];
  return details.length ? details.map((d) => `${d.path} ${d.message}`).join('; ') : error.message;
}
