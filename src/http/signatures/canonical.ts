/**
 * Canonicalisation helpers the vendor schemes share: header access, query parsing, RFC 3986 encoding, the
 * `Key=Value, Key=Value` parameter list of an Authorization header, and constant-time comparison.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { signatureInvalid, type SignedRequest } from './signed-request.ts';

export const EMPTY_SHA256_HEX = createHash('sha256').digest('hex');

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function hmacSha256(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** One header value; a repeated header (Node joins most with ", ") is taken as received. */
export function header(request: SignedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * Compares two signatures in constant time (for equal lengths; the length of a signature is no secret).
 * `expected` is computed by us; `given` comes from the request.
 */
export function sameSignature(expected: Buffer | string, given: Buffer | string): boolean {
  const a = typeof expected === 'string' ? Buffer.from(expected, 'utf8') : expected;
  const b = typeof given === 'string' ? Buffer.from(given, 'utf8') : given;
  return a.length === b.length && timingSafeEqual(a, b);
}

/** True when any candidate matches; every candidate is compared, so timing does not tell which one did. */
export function anySameSignature(candidates: readonly (Buffer | string)[], given: Buffer | string): boolean {
  let found = false;
  for (const candidate of candidates) found = sameSignature(candidate, given) || found;
  return found;
}

/**
 * The query string as decoded name/value pairs, in order, the way the route handler sees them (`+` is a space,
 * as in HTML forms and Fastify's parser). Throws SIGNATURE_INVALID for malformed percent-encoding.
 */
export function queryPairs(raw: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    pairs.push([decodeComponent(name), decodeComponent(value)]);
  }
  return pairs;
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    throw signatureInvalid('The query string has malformed percent-encoding.');
  }
}

/** Decodes one path segment; throws SIGNATURE_INVALID for malformed percent-encoding. */
export function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw signatureInvalid('The path has malformed percent-encoding.');
  }
}

/** RFC 3986 percent-encoding: everything but the unreserved characters A–Z a–z 0–9 - . _ ~ (UTF-8 bytes). */
export function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Sorts by code unit order (what the vendors' SDKs do with Array.prototype.sort), name first, then value. */
export function byNameThenValue(a: readonly [string, string], b: readonly [string, string]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/**
 * Parses `Algorithm Key=Value, Key=Value…` (commas, optional spaces) after the algorithm name. Returns null when
 * the header does not start with `algorithm` followed by whitespace. Throws SIGNATURE_INVALID on a repeated key.
 */
export function authorizationParams(value: string | undefined, algorithm: string): Map<string, string> | null {
  if (value === undefined || !value.startsWith(`${algorithm} `)) return null;
  const params = new Map<string, string>();
  for (const part of value.slice(algorithm.length).split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq <= 0) throw signatureInvalid(`The ${algorithm} Authorization header is malformed.`);
    const key = item.slice(0, eq).trim();
    if (params.has(key)) throw signatureInvalid(`The ${algorithm} Authorization header repeats ${key}.`);
    params.set(key, item.slice(eq + 1).trim());
  }
  return params;
}

/** The required parameter of an Authorization header; throws SIGNATURE_INVALID naming it when absent or empty. */
export function requiredParam(params: Map<string, string>, key: string, algorithm: string): string {
  const value = params.get(key);
  if (value === undefined || value === '') throw signatureInvalid(`The ${algorithm} Authorization header has no ${key}.`);
  return value;
}

/** `a;b;c` → lower-cased names; throws SIGNATURE_INVALID when one the scheme relies on is missing. */
export function signedHeaderNames(list: string, required: readonly string[], algorithm: string): string[] {
  const names = list.split(';').map((n) => n.trim().toLowerCase()).filter((n) => n !== '');
  const missing = required.filter((n) => !names.includes(n));
  if (missing.length > 0) throw signatureInvalid(`${algorithm} SignedHeaders must include ${missing.join(', ')}.`);
  return names;
}

/** `name:value\n` for each signed header, values trimmed; throws SIGNATURE_INVALID when a signed header is absent. */
export function canonicalHeaderLines(request: SignedRequest, names: readonly string[], transform: (v: string) => string = (v) => v): string {
  let out = '';
  for (const name of names) {
    const value = header(request, name);
    if (value === undefined) throw signatureInvalid(`The signed header ${name} is missing from the request.`);
    out += `${name}:${transform(value.trim())}\n`;
  }
  return out;
}

/** `name:port` → `name` (IPv6 literals keep their brackets); a host without a port is returned unchanged. */
export function withoutPort(host: string): string {
  const m = /^(\[[^\]]*\]|[^:]*):\d+$/.exec(host);
  return m ? m[1]! : host;
}
