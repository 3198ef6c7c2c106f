import { parseArgs } from 'node:util';
import { GatewayError } from './core/errors.ts';
import { type FieldProblem, zodProblems } from './core/field-problem.ts';
import { UserInput } from './core/user.ts';
import { openDatabase } from './db/client.ts';
import { startGateway } from './gateway.ts';
import { type Config, ConfigError, loadConfig } from './runtime/config.ts';
import { createLogger, type Logger } from './runtime/logger.ts';
import { createUser, signInUrl } from './services/users/users.ts';
import { runTranslate, TRANSLATE_HELP } from './translate.ts';

const HELP: Record<string, string> = {
  main: `ordergate — order gateway for wholesale suppliers

Usage: ordergate <command> [options]

Commands:
  serve       API, UI and pipeline workers in one process (what \`npm start\` runs)
  worker      pipeline workers only, to scale out (needs DATABASE_URL and REDIS_URL)
  migrate     apply database migrations
  translate   decode a file offline and print canonical orders as JSON
  users       add a console user and print its one-time sign-in link

Run \`ordergate <command> --help\` for a command's options. Configuration comes from the environment:
DATABASE_URL, REDIS_URL, PORT, ORDERGATE_DATA_DIR, ORDERGATE_ADMIN_TOKEN, ORDERGATE_SECRETS_KEY, LOG_LEVEL
(see README).`,
  serve: `Usage: ordergate serve

Starts the HTTP API (PORT, default 8787), the admin UI and the pipeline workers. Without DATABASE_URL and
REDIS_URL it runs on the embedded database under ORDERGATE_DATA_DIR with an in-process queue.`,
  worker: `Usage: ordergate worker

Runs pipeline workers only (ORDERGATE_WORKER_CONCURRENCY jobs at a time). Start as many as you like, on any
number of machines, all pointing at the same DATABASE_URL and REDIS_URL, with the same ORDERGATE_SECRETS_KEY
(it opens the partners' delivery credentials).`,
  migrate: `Usage: ordergate migrate

Applies pending migrations to DATABASE_URL (or the embedded database under ORDERGATE_DATA_DIR). Safe to run
from several processes at once. \`serve\` and \`worker\` also migrate on start.`,
  translate: TRANSLATE_HELP,
  users: `Usage: ordergate users add EMAIL --role admin|operator|viewer

Adds a console user and prints a one-time sign-in link (valid 72 hours) that sets its password. The link starts
with ORDERGATE_PUBLIC_URL (default http://localhost:PORT). The embedded database is one process's at a time:
while \`ordergate serve\` runs on it, add users with POST /v1/users and the admin token instead.`,
};

/** `ordergate users add EMAIL --role R`: the first user of a new gateway, or any later one. */
async function runUsers(args: string[], config: Config, log: Logger): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    options: { role: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [action, email] = positionals;
  if (action !== 'add' || !email || positionals.length !== 2) {
    process.stderr.write(`${HELP.users}\n`);
    return 2;
  }
  // a bad address or role is told before the database is opened (and migrated)
  const input = UserInput.safeParse({ email, role: values.role });
  if (!input.success) {
    const problems = zodProblems(input.error).map((p) => `${p.path} ${p.message}`);
    process.stderr.write(`ordergate users add: ${problems.join('; ')}\n`);
    return 2;
  }
  const database = await openDatabase(
    config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir, log },
  );
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

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${HELP.main}\n`);
    return command ? 0 : 2;
  }
  const help = HELP[command];
  if (!help || command === 'main') {
    process.stderr.write(`ordergate: unknown command "${command}"\n\n${HELP.main}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  if (command === 'translate') return runTranslate(rest);
  if (command === 'users') {
    const config = loadConfig();
    return runUsers(rest, config, createLogger(config.logLevel));
  }
  if (rest.length > 0) {
    parseArgs({ args: rest, options: {}, strict: true });
  }

  const config = loadConfig();
  const log = createLogger(config.logLevel);
  if (command === 'migrate') {
    const database = await openDatabase(
      config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir, log },
    );
    try {
      await database.migrate();
      log.info({ database: database.kind }, 'migrations applied');
    } finally {
      await database.close();
    }
    return 0;
  }
  if (command === 'worker' && !(config.databaseUrl && config.redisUrl)) {
    process.stderr.write(
      'ordergate worker: set DATABASE_URL and REDIS_URL. Without them the gateway runs embedded, and `ordergate serve` runs the workers itself.\n',
    );
    return 2;
  }
  const gateway = await startGateway(config, log, {
    http: command === 'serve',
    workers: true,
  });
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await gateway.close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`ordergate: ${message}\n`);
    process.exitCode = 2;
  },
);
