/**
 * Command-line parsing on node:util parseArgs, in two passes. The first pass knows only the global options and
 * finds the command words (`tokens create`) and whether --help was asked for anywhere; the second parses the rest
 * strictly against the chosen command's options plus the global ones, so global options may appear anywhere.
 */
import { parseArgs } from 'node:util';
import { UsageError } from './cli-errors.ts';
import type { OptionSpecs, OptionValues } from './command.ts';

export const GLOBAL_OPTIONS: OptionSpecs = {
  server: { type: 'string', valueName: 'URL', description: 'Capstan server URL (env CAPSTAN_SERVER; default http://127.0.0.1:8080)' },
  token: { type: 'string', valueName: 'TOKEN', description: 'API token (env CAPSTAN_TOKEN; prefer the env or `capstan login`)' },
  output: { type: 'string', short: 'o', valueName: 'json|table', description: 'Output format (default table)' },
  help: { type: 'boolean', short: 'h', description: 'Show help for the command' },
};

export interface CommandWords {
  /** Up to two leading positionals, before any option that is not global. */
  readonly words: readonly string[];
  /** Removes the first `count` command words from the arguments, leaving everything else in order. */
  readonly rest: (count: number) => string[];
  readonly help: boolean;
  readonly version: boolean;
}

export function findCommandWords(args: readonly string[]): CommandWords {
  const { tokens } = parseArgs({ args: [...args], options: { ...toParseArgs(GLOBAL_OPTIONS), version: { type: 'boolean' } }, strict: false, allowPositionals: true, tokens: true });
  const found: { value: string; index: number }[] = [];
  let open = true;
  for (const token of tokens) {
    if (token.kind === 'option-terminator') open = false;
    else if (token.kind === 'option' && !(token.name in GLOBAL_OPTIONS) && token.name !== 'version') open = false;
    else if (token.kind === 'positional' && open && found.length < 2) found.push({ value: token.value, index: token.index });
  }
  const has = (name: string) => tokens.some((t) => t.kind === 'option' && t.name === name);
  return {
    words: found.map((f) => f.value),
    rest: (count) => {
      const drop = new Set(found.slice(0, count).map((f) => f.index));
      return args.filter((_, i) => !drop.has(i));
    },
    help: has('help'),
    version: has('version'),
  };
}

export interface ParsedOptions {
  readonly values: OptionValues;
  readonly positionals: readonly string[];
}

/** Strict parse of a command's arguments; a parse failure is a UsageError pointing at that command's help. */
export function parseCommandOptions(args: readonly string[], options: OptionSpecs, helpCommand: string): ParsedOptions {
  try {
    const { values, positionals } = parseArgs({
      args: [...args], options: toParseArgs({ ...GLOBAL_OPTIONS, ...options }), strict: true, allowPositionals: true,
    });
    return { values: values as OptionValues, positionals };
  } catch (error) {
    // parseArgs reports bad input as TypeError with an ERR_PARSE_ARGS_* code; anything else is a bug.
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) throw new UsageError(firstSentence((error as Error).message), helpCommand);
    throw error;
  }
}

function toParseArgs(specs: OptionSpecs): Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> {
  return Object.fromEntries(Object.entries(specs).map(([name, spec]) =>
    [name, { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) }]));
}

// parseArgs appends advice about '--' to unknown-option messages; the first sentence is the useful part.
function firstSentence(message: string): string {
  return message.split(/\.\s/)[0]?.replace(/\.$/, '') ?? message;
}
