/**
 * Exit codes and the CLI's own failures, and how every failure is shown: one `error:` line on stderr, then
 * indented details. Server-side problems are rendered from their problem details (title, code, detail, field
 * pointers); nothing shown here ever contains a token or kubeconfig text.
 */
import { CapstanApiError, CapstanConnectionError } from '../client/index.ts';
import { clean } from './output.ts';

// deployFailed: a command that waited (--wait) saw its deploy record end failed or stopped.
export const ExitCode = { ok: 0, failed: 1, usage: 2, unreachable: 3, deployFailed: 4 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The command line is wrong or incomplete (exit 2). `helpCommand` names the command whose help to point at. */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly helpCommand: string;
  constructor(message: string, helpCommand = 'capstan') {
    super(message);
    this.helpCommand = helpCommand;
  }
}

/** A local step of a command failed, e.g. a file cannot be read (exit 1). */
export class OperationError extends Error {
  override name = 'OperationError';
}

export interface ReportedError {
  readonly text: string;
  readonly exitCode: ExitCode;
}

export function reportError(error: unknown): ReportedError {
  if (error instanceof UsageError) {
    return { text: `error: ${error.message}\nRun "${error.helpCommand} --help" for usage.\n`, exitCode: ExitCode.usage };
  }
  if (error instanceof CapstanApiError) return { text: describeProblem(error), exitCode: ExitCode.failed };
  if (error instanceof CapstanConnectionError) {
    return { text: `error: cannot reach the Capstan server at ${error.baseUrl} (${error.reason})\n`, exitCode: ExitCode.unreachable };
  }
  if (error instanceof OperationError) return { text: `error: ${error.message}\n`, exitCode: ExitCode.failed };
  const message = error instanceof Error ? error.message : String(error);
  return { text: `error: unexpected failure: ${message}\n`, exitCode: ExitCode.failed };
}

function describeProblem(error: CapstanApiError): string {
  const lines = [`error: ${clean(error.title)} (${clean(error.code)})`];
  // A validation problem's detail repeats its field errors; the per-field lines say it better.
  if (error.errors.length === 0 && error.detail && error.detail !== error.title) lines.push(`  ${clean(error.detail)}`);
  for (const field of error.errors) lines.push(`  ${clean(field.pointer)}: ${clean(field.detail)}`);
  if (error.status === 401) lines.push('  Check --token or CAPSTAN_TOKEN, or run "capstan login".');
  return `${lines.join('\n')}\n`;
}
