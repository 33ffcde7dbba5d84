import { createHash } from 'node:crypto';

/**
 * Strong entity tag of a stored hook, hook source or override (Astra: hex MD5 of the JSON resource): the MD5 of
 * its stored fields, so it changes with every write (updatedAt included) and never with live data such as the
 * matching-container preview. Both surfaces send it as `ETag` and compare `If-Match` against it.
 */
export function hookEtag(stored: object): string {
  return createHash('md5').update(JSON.stringify(stored)).digest('hex');
}
