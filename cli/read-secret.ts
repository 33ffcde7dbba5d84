/**
 * A write-only secret (a receiver's HMAC key, a registry password) from a file or stdin (`-`), never from a plain
 * flag, so it stays out of shell history and the process list. One trailing line break is dropped (files and
 * `echo` add one); anything else is kept exactly. The value is never shown, not even when it is refused.
 */
import { UsageError } from './cli-errors.ts';
import type { CliIo } from './command.ts';
import { readInput } from './read-input.ts';

export async function readSecret(io: CliIo, source: string, what: string, helpCommand: string): Promise<string> {
  const secret = (await readInput(io, source, what)).replace(/\r?\n$/, '');
  if (secret === '') throw new UsageError(`the ${what} ${source === '-' ? 'from stdin' : `file ${source}`} is empty`, helpCommand);
  return secret;
}
