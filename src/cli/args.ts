/**
 * The one argument parser of every command (`node:util` parseArgs, strict): each command
 * declares its options once, and gets `--help` from that declaration and a one-line usage error
 * (exit code 2) for anything it does not know.
 */
import { parseArgs } from 'node:util';
import { describeError } from '../errors.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** A string option given any number of times: its values in order ([] when absent). */
  multiple?: boolean;
  default?: string;
  /** The value's name in --help, e.g. `<file>` (string options). */
  value?: string;
  description: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

/** What the options parse to: booleans are false when absent, strings undefined unless they have a default, repeatable options a list. */
export type OptionValues<O extends OptionSpecs> = {
  [K in keyof O]: O[K]['type'] extends 'boolean'
    ? boolean
    : O[K] extends { multiple: true }
      ? string[]
      : O[K] extends { default: string }
        ? string
        : string | undefined;
};

export interface CommandSpec<O extends OptionSpecs = OptionSpecs> {
  name: string;
  /** How a user runs it, e.g. `npm run ask --`. */
  invocation: string;
  /** One line, shown in the list of commands and at the top of the command's help. */
  summary: string;
  /** The arguments after the options, e.g. `"<question>"`; without it the command takes none. */
  operands?: string;
  options: O;
  /** Lines shown after the options: examples and notes. */
  notes?: readonly string[];
}

export interface Command<O extends OptionSpecs = OptionSpecs> extends CommandSpec<O> {
  run(values: OptionValues<O>, operands: string[]): Promise<number>;
}

/** A command line the command cannot run: one line on stderr, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT_USAGE = 2;

/** Keeps each command's option types (a plain annotation would widen them). */
export function defineCommand<const O extends OptionSpecs>(command: Command<O>): Command<O> {
  return command;
}

const HELP: OptionSpec = { type: 'boolean', short: 'h', description: 'show this help' };

/** `--help`/`-h` before any `--`, whatever else the line holds. */
export function wantsHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

/** Parses `args` against `spec`; a mistake throws a UsageError that names it and where help is. */
export function parseCommandArgs<O extends OptionSpecs>(spec: CommandSpec<O>, args: string[]): { values: OptionValues<O>; operands: string[] } {
  const options = Object.fromEntries(
    Object.entries(spec.options).map(([name, { type, short, multiple, default: fallback }]) => [
      name,
      { type, ...(short ? { short } : {}), ...(multiple ? { multiple } : {}), ...(fallback !== undefined ? { default: fallback } : {}) },
    ]),
  );
  try {
    const { values, positionals } = parseArgs({ args, options, strict: true, allowPositionals: spec.operands !== undefined });
    for (const [name, { type, multiple }] of Object.entries(spec.options)) values[name] ??= multiple ? [] : type === 'boolean' ? false : undefined;
    return { values: values as OptionValues<O>, operands: positionals };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (!code?.startsWith('ERR_PARSE_ARGS_')) throw error;
    // The first sentence of Node's message names the option or argument: "Unknown option '--frob'".
    throw usageError(spec, (error as Error).message.split(/\.(?:\s|$)/)[0]!);
  }
}

/** A mistake in a command's line, named in one line with where its help is. */
export function usageError(spec: Pick<CommandSpec, 'name' | 'invocation'>, problem: string): UsageError {
  return new UsageError(`${spec.name}: ${problem.replace(/\.$/, '')}. See ${spec.invocation} --help`);
}

/** An option's value as a whole number within bounds, or a usage error that names the option and the value. */
export function wholeNumberOption(spec: Pick<CommandSpec, 'name' | 'invocation'>, option: string, value: string, bounds: { min: number; max?: number }): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (n >= bounds.min && n <= (bounds.max ?? Number.MAX_SAFE_INTEGER)) return n;
  const range = bounds.max === undefined ? `of at least ${bounds.min}` : `from ${bounds.min} to ${bounds.max}`;
  throw usageError(spec, `--${option} takes a whole number ${range}, not "${value}"`);
}

export function commandHelp(spec: CommandSpec): string {
  const rows = Object.entries({ ...spec.options, help: HELP }).map(([name, option]) => [
    `${option.short ? `-${option.short}, ` : '    '}--${name}${option.type === 'string' ? ` ${option.value ?? '<value>'}${option.multiple ? ' …' : ''}` : ''}`,
    `${option.description}${option.default !== undefined ? ` (default ${option.default})` : ''}`,
  ]);
  const width = Math.max(...rows.map(([left]) => left!.length));
  return [
    `Usage: ${spec.invocation} [options]${spec.operands ? ` ${spec.operands}` : ''}`,
    '',
    `${spec.summary[0]!.toUpperCase()}${spec.summary.slice(1)}.`,
    '',
    'Options:',
    ...rows.map(([left, right]) => `  ${left!.padEnd(width)}  ${right}`),
    ...(spec.notes?.length ? ['', ...spec.notes] : []),
  ].join('\n');
}

/** Runs one command on its arguments: help, or parse and run; returns the exit code. */
export async function runCommand<O extends OptionSpecs>(command: Command<O>, args: string[]): Promise<number> {
  if (wantsHelp(args)) {
    process.stdout.write(`${commandHelp(command)}\n`);
    return 0;
  }
  const { values, operands } = parseCommandArgs(command, args);
  return command.run(values, operands);
}

/**
 * Ends a command line's run: its exit code, or one line on stderr for an error (2 for a usage
 * error, 1 for anything that kept it from running), never a stack trace.
 */
export function exitWith(run: Promise<number>): void {
  run.then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const usage = error instanceof UsageError;
      console.error(usage ? error.message : `Error: ${describeError(error, { forOperator: true })}`);
      process.exitCode = usage ? EXIT_USAGE : 1;
    },
  );
}
