// The `ordergate` command's dispatcher. It imports only the help texts: each command's module (and with it the
// database, the queue, the HTTP server or the connectors' transports) is loaded when that command runs, so
// `ordergate --help` starts in a few tens of milliseconds.
import { parseArgs } from 'node:util';
import { COMMAND_HELP, MAIN_HELP } from './cli/help.ts';

type Command = keyof typeof COMMAND_HELP | 'translate';

function isCommand(name: string): name is Command {
  return name === 'translate' || Object.hasOwn(COMMAND_HELP, name);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${MAIN_HELP}\n`);
    return command ? 0 : 2;
  }
  if (!isCommand(command)) {
    process.stderr.write(`ordergate: unknown command "${command}"\n\n${MAIN_HELP}\n`);
    return 2;
  }
  const wantsHelp = rest.includes('--help') || rest.includes('-h');
  if (command === 'translate') {
    const { runTranslate, TRANSLATE_HELP } = await import('./translate.ts');
    if (!wantsHelp) return runTranslate(rest);
    process.stdout.write(`${TRANSLATE_HELP}\n`);
    return 0;
  }
  if (wantsHelp) {
    process.stdout.write(`${COMMAND_HELP[command]}\n`);
    return 0;
  }
  if (command === 'users') return (await import('./cli/users.ts')).runUsers(rest);
  if (rest.length > 0) parseArgs({ args: rest, options: {}, strict: true });
  if (command === 'migrate') return (await import('./cli/migrate.ts')).runMigrate();
  return (await import('./cli/serve.ts')).runServe(command);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`ordergate: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
