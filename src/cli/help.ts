/**
 * The `ordergate` command's help texts, in a module that imports nothing: `ordergate --help` loads this and
 * src/cli.ts only. `translate`'s help is its own module's (TRANSLATE_HELP), which that command loads anyway.
 */

/** `ordergate --help`: every command, and where configuration comes from. */
export const MAIN_HELP = `ordergate — order gateway for wholesale suppliers

Usage: ordergate <command> [options]

Commands:
  serve       API, UI and pipeline workers in one process (what \`npm start\` runs)
  worker      pipeline workers only, to scale out (needs DATABASE_URL and REDIS_URL)
  migrate     apply database migrations
  translate   decode a file offline and print canonical orders as JSON
  users       add a console user and print its one-time sign-in link

Run \`ordergate <command> --help\` for a command's options. Configuration comes from the environment:
DATABASE_URL, REDIS_URL, PORT, ORDERGATE_DATA_DIR, ORDERGATE_ADMIN_TOKEN, ORDERGATE_SECRETS_KEY, LOG_LEVEL
(see README).`;

/** `ordergate <command> --help` for each command but translate. */
export const COMMAND_HELP = {
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
  users: `Usage: ordergate users add EMAIL --role admin|operator|viewer

Adds a console user and prints a one-time sign-in link (valid 72 hours) that sets its password. The link starts
with ORDERGATE_PUBLIC_URL (default http://localhost:PORT). The embedded database is one process's at a time:
while \`ordergate serve\` runs on it, add users with POST /v1/users and the admin token instead.`,
} as const;
