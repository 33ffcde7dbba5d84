/**
 * The `rel="next"` target of an RFC 8288 `Link` header, resolved against the URL of the response that carried it.
 * Distribution paginates `/v2/<name>/tags/list` with it: `Link: </v2/<name>/tags/list?last=b&n=100>; rel="next"`.
 */
export function nextLink(header: string | null, base: string): URL | null {
  if (header === null) return null;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!match) continue;
    const rels = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(match[2] as string);
    const rel = rels ? (rels[1] ?? rels[2] ?? '') : '';
    if (!rel.toLowerCase().split(/\s+/).includes('next')) continue;
    try {
      return new URL(match[1] as string, base);
    } catch {
      return null;
    }
  }
  return null;
}
