/**
 * The shape every command file exports. A Command is a leaf (`capstan account`, `capstan tokens create`); a
 * CommandGroup holds the subcommands of one resource. The dispatcher (run-cli.ts) parses options, checks required
 * options and positional arguments, renders --help from these declarations, and maps failures to exit codes.
 */
import type { CapstanClient } from '../client/index.ts';
import type { Printer } from './output.ts';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly description: string;
  /** Placeholder shown in help, e.g. FILE; defaults to the option name in capitals. */
  readonly valueName?: string;
  readonly required?: boolean;
  /** May be given more than once (`--param a=1 --param b=2`); the value is then a list. */
  readonly multiple?: boolean;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;
export type OptionValues = Readonly<Record<string, string | boolean | readonly string[] | undefined>>;

/** What the process gives a command: its streams and environment (only cli/capstan.ts reads the real ones). */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** stderr is a terminal: progress is redrawn in place instead of printed line by line. */
  readonly stderrIsTTY?: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface CommandContext {
  readonly values: OptionValues;
  /** Positional arguments, already checked against Command.args. */
  readonly args: readonly string[];
  readonly io: CliIo;
  readonly print: Printer;
  /** A client for the resolved server and token; throws UsageError when no token is configured. */
  client(): CapstanClient;
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Longer help text, printed under the usage line. */
  readonly description?: string;
  /** Names of the required positional arguments, e.g. ['id']. */
  readonly args?: readonly string[];
  readonly options?: OptionSpecs;
  /** Resolves with the exit code, or nothing for 0. Failures are thrown (see cli-errors.ts). */
  readonly run: (ctx: CommandContext) => Promise<number | void>;
}

export interface CommandGroup {
  readonly name: string;
  readonly summary: string;
  readonly commands: readonly Command[];
}

export function isGroup(entry: Command | CommandGroup): entry is CommandGroup {
  return 'commands' in entry;
}

/** The value of a string option; undefined when absent. */
export function stringOption(ctx: CommandContext, name: string): string | undefined {
  const value = ctx.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** Every value of a `multiple` option, in command-line order; [] when absent. */
export function listOption(ctx: CommandContext, name: string): readonly string[] {
  const value = ctx.values[name];
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
}

/** The value of a boolean option; false when absent. */
export function flagOption(ctx: CommandContext, name: string): boolean {
  return ctx.values[name] === true;
}

/** The value of an option the dispatcher has already checked as required. */
export function requiredOption(ctx: CommandContext, name: string): string {
  const value = stringOption(ctx, name);
  if (value === undefined) throw new Error(`option --${name} was declared required but is missing`);
  return value;
}

export function firstArg(ctx: CommandContext): string {
  const value = ctx.args[0];
  if (value === undefined) throw new Error('the command declared a positional argument but got none');
  return value;
}
