import { createHash } from 'node:crypto';

/** RFC 4122 §4.3 namespace of Capstan's derived ids (a fixed, random UUID). */
const NAMESPACE = '6f1c3a8e-2b4d-4e5f-9a7b-0c1d2e3f4a5b';

/**
 * A name-based UUID (version 5, RFC 4122 §4.3) for the NetApp-provided hooks and preloaded sources of one account:
 * the same account and key always give the same id, so every replica agrees without coordination and Astra
 * clients see stable identifiers.
 */
export function builtinId(accountId: string, key: string): string {
  const ns = Buffer.from(NAMESPACE.replaceAll('-', ''), 'hex');
  const hash = createHash('sha1').update(ns).update(`${accountId}/${key}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
