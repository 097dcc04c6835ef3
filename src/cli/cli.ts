/**
 * The commands, their list and their dispatch (main.ts runs it). Exit codes: 0 done, 1 could not
 * run (one line with the fix), 2 a wrong command line (one line naming what is wrong).
 */
import { EXIT_USAGE, runCommand, UsageError, wantsHelp, type Command } from './args.js';
import { addCommand } from './commands/add-command.js';
import { askCommand, EXAMPLE_QUESTION } from './commands/ask-command.js';
import { registerCommand, startCommand } from './commands/discord-commands.js';
import { evalCommand } from './commands/eval-command.js';
import { indexCommand } from './commands/index-command.js';

export const COMMANDS: Command[] = [indexCommand, addCommand, askCommand, evalCommand, startCommand, registerCommand];

export function topHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: npm run <command> -- [options] [arguments]    (npm start for the bot)',
    '       node bin/newsdesk.js <command> [options] [arguments]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Each command takes --help, e.g. npm run ask -- --help. For development: npm run bench -- --help, npm run make-model.',
    '',
    `Example: npm run ask -- "${EXAMPLE_QUESTION}"`,
  ].join('\n');
}

/** Runs a command line (without `node` and the script); returns the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || (name.startsWith('-') && wantsHelp([name]))) {
    (name ? process.stdout : process.stderr).write(`${topHelp()}\n`);
    return name ? 0 : EXIT_USAGE;
  }
  return runCommand(findCommand(name), args);
}

export function findCommand(name: string): Command {
  const command = COMMANDS.find((c) => c.name === name);
  if (command) return command;
  const what = name.startsWith('-') ? 'option' : 'command';
  throw new UsageError(`Unknown ${what} '${name}'. Commands: ${COMMANDS.map((c) => c.name).join(', ')}; see node bin/newsdesk.js --help`);
}

