import { createHash } from 'node:crypto';
import { AppError } from '../../domain/errors.ts';
import type { MetadataLabel } from '../../domain/execution-hook.ts';
import { scriptSourceProblem, type SourceType } from '../../domain/hook-source.ts';

/** A hook source as a surface hands it over (shape already checked by the route schema). */
export interface HookSourceInput {
  readonly name: string;
  readonly sourceType: SourceType;
  /** Base64 of the script. */
  readonly source: string;
  readonly description: string;
  readonly labels: readonly MetadataLabel[];
}

/** Refuses a script that is not base64 UTF-8 text without CR (PARAM_INVALID at /body/source); returns its MD5. */
export function hookSourceInput(source: string): { readonly sourceMd5: string } {
  const problem = scriptSourceProblem(source);
  if (problem !== null) throw new AppError('PARAM_INVALID', `source ${problem}.`, { errors: [{ pointer: '/body/source', detail: problem }] });
  // Astra's checksum is of the base64 text as sent, not of the decoded script.
  return { sourceMd5: createHash('md5').update(source, 'utf8').digest('hex') };
}
