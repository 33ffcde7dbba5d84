import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { OperationError } from './cli-errors.ts';
import type { CliIo } from './command.ts';

/**
 * Reads a file named on the command line, or stdin for `-`. The content is never shown, not even in errors:
 * a failure names the file and the error code only (the file may hold credentials).
 */
export async function readInput(io: CliIo, source: string, what: string): Promise<string> {
  if (source === '-') {
    if (io.stdin.isTTY) io.stderr(`Reading the ${what} from stdin; end with Ctrl-D.\n`);
    return text(io.stdin);
  }
  try {
    return await readFile(source, 'utf8');
  } catch (error) {
    throw new OperationError(`cannot read the ${what} file ${source} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
