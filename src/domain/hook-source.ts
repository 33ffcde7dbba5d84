/**
 * Hook sources (NetApp Astra `hookSource`, seed-apis.md §4.2): the script an execution hook runs, stored as the
 * base64 text the client sent. Many hooks may share one source; a source a hook references cannot be deleted,
 * and a `preloaded` source (shipped with Capstan for the NetApp-provided hooks) is read-only.
 *
 * `sourceMD5Checksum` is the MD5 of the base64 text as sent — not of the decoded script — which is what Astra
 * returns (the toolkit sample `IyEvYmluL2Jhc2gK…` → `8ad9d02b…`).
 */
import type { MetadataLabel } from './execution-hook.ts';

export const SourceType = { script: 'script' } as const;
export type SourceType = (typeof SourceType)[keyof typeof SourceType];

/** 131 072 base64 characters = 96 KiB of script, Astra's limit. */
export const MAX_SOURCE_LENGTH = 131_072;

export interface HookSource {
  readonly id: string;
  readonly accountId: string;
  readonly name: string;
  readonly sourceType: SourceType;
  /** Base64 of the script, exactly as sent. */
  readonly source: string;
  /** Lower-case hex MD5 of `source` (the base64 text). */
  readonly sourceMd5: string;
  /** Astra `private`: the API never shows `source` of a private source. */
  readonly private: boolean;
  /** Shipped with Capstan (the NetApp-provided hooks' scripts): read-only. */
  readonly preloaded: boolean;
  readonly description: string;
  readonly labels: readonly MetadataLabel[];
  readonly createdBy: string | null;
  readonly modifiedBy: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Why `base64` cannot be a hook script, or null when it can: canonical base64 (RFC 4648 §4, padded) of UTF-8 text
 * with no carriage return and no binary (NUL or other control bytes except tab, line feed, vertical tab, form
 * feed and escape), at most MAX_SOURCE_LENGTH characters.
 */
export function scriptSourceProblem(base64: string): string | null {
  if (base64.length > MAX_SOURCE_LENGTH) return `must be at most ${MAX_SOURCE_LENGTH} base64 characters (96 KiB of script)`;
  if (!BASE64.test(base64)) return 'must be base64 (RFC 4648, with padding, no line breaks)';
  const bytes = Buffer.from(base64, 'base64');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return 'must decode to UTF-8 text, not binary data';
  }
  if (text.includes('\r')) return 'must not contain carriage-return characters (use LF line endings)';
  if (/[\u0000-\u0008\u000e-\u001a\u001c-\u001f\u007f]/.test(text)) return 'must not contain binary data (control characters)';
  return null;
}

/** The script text of a valid source. */
export function decodeScript(base64: string): string {
  return Buffer.from(base64, 'base64').toString('utf8');
}
