import { loadConfig, loadDotenvFile } from '../config.js';
import { describeError } from '../errors.js';
import { askCommand } from './commands/ask-command.js';
import { indexCommand } from './commands/index-command.js';
import type { AppConfig } from '../config.js';

type Command = (config: AppConfig, args: string[]) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  index: async () => indexCommand,
  ask: async () => askCommand,
  eval: async () => (await import('./commands/eval-command.js')).evalCommand,
  bench: async () => (await import('./commands/bench-command.js')).benchCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const load = name ? commands[name] : undefined;
  if (!load) {
    console.error(`Usage: tsx src/cli/main.ts <${Object.keys(commands).join('|')}> [arguments]`);
    return 2;
  }
  loadDotenvFile();
  return (await load())(loadConfig(), args);
}

// Errors end as one line with the fix, never a stack trace; exit 1 means "could not run".
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`Error: ${describeError(error)}`);
    process.exitCode = 1;
  },
);
