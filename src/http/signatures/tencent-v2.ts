/**
 * Tencent Cloud API 2.0 signatures (`/v2/index.php`; signature method v1, HmacSHA1 or HmacSHA256; as
 * tencentcloud-sdk-nodejs's `formatSignString` + `Sign.sign` compute it):
 *
 *   parameters: Action, SecretId, Nonce, Timestamp, [SignatureMethod], Signature, … in the query (GET) or an
 *               application/x-www-form-urlencoded body (POST)
 *   StringToSign = METHOD + host + path + "?" + every parameter but Signature, sorted by name, as name=value with
 *                  the *decoded* values, joined by "&"
 *   Signature = base64(HMAC-SHA1 or HMAC-SHA256(secret, StringToSign)), per SignatureMethod (default HmacSHA1)
 *
 * Every parameter the request carries, in the query and in a form body, is part of the signed string, and a
 * parameter may appear only once, so the handler cannot act on anything the signature did not cover. The host is
 * tried as sent and without its port (clients differ in whether the endpoint they sign includes it). Replays are
 * detected by (Timestamp, Nonce): the SDK's Nonce is a random integer below 65536, unique enough per second.
 */
import { createHmac } from 'node:crypto';
import { anySameSignature, header, queryPairs, withoutPort } from './canonical.ts';
import { signatureInvalid, type SignatureClaim, type SignatureScheme, type SignedBody, type SignedRequest } from './signed-request.ts';

const METHODS = { HmacSHA1: 'sha1', HmacSHA256: 'sha256' } as const;

export const tencentV2: SignatureScheme = {
  name: 'tencent-v2',
  algorithm: 'Tencent API 2.0 Signature',
  needsBodyBytes: true,
  fromHead(request: SignedRequest): SignatureClaim | null {
    const pairs = queryPairs(request.rawQuery);
    return carriesCredentials(pairs) ? claimOf(request, pairs) : null;
  },
  body: {
    mayCarryClaim: (request) => request.method === 'POST' && isForm(request),
    fromBody(request, bytes) {
      const pairs = [...queryPairs(request.rawQuery), ...queryPairs(bytes.toString('utf8'))];
      return carriesCredentials(pairs) ? claimOf(request, pairs) : null;
    },
  },
};

/** The signed string for these parameters (Signature itself excluded). */
export function tencentV2StringToSign(method: string, host: string, path: string, params: readonly (readonly [string, string])[]): string {
  const sorted = params.filter(([name]) => name !== 'Signature').map(([n, v]) => [n, v] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${method}${host}${path}?${sorted.map(([n, v]) => `${n}=${v}`).join('&')}`;
}

function claimOf(request: SignedRequest, claimPairs: readonly [string, string][]): SignatureClaim {
  const get = (name: string): string | undefined => claimPairs.find(([n]) => n === name)?.[1];
  const accessKeyId = get('SecretId') ?? '';
  const signature = get('Signature') ?? '';
  const timestamp = get('Timestamp') ?? '';
  const nonce = get('Nonce') ?? '';
  const method = get('SignatureMethod') ?? 'HmacSHA1';
  if (accessKeyId === '' || signature === '') throw signatureInvalid('SecretId and Signature are both required.');
  if (!/^[A-Za-z0-9+/]{4,}={0,2}$/.test(signature)) throw signatureInvalid('Signature must be base64.');
  if (!/^\d{1,12}$/.test(timestamp)) throw signatureInvalid('Timestamp must be a Unix time in seconds.');
  if (nonce.length < 1 || nonce.length > 64) throw signatureInvalid('Nonce is required (at most 64 characters).');
  if (!(method in METHODS)) throw signatureInvalid('SignatureMethod must be HmacSHA1 or HmacSHA256.');
  const algorithm = METHODS[method as keyof typeof METHODS];
  return {
    accessKeyId,
    signedAtMs: Number(timestamp) * 1000,
    verify(secret: string, body: SignedBody) {
      const params = [...queryPairs(request.rawQuery), ...(isForm(request) && body.bytes ? queryPairs(body.bytes.toString('utf8')) : [])];
      const names = new Set<string>();
      for (const [name] of params) {
        if (names.has(name)) throw signatureInvalid(`Parameter ${name} appears more than once.`);
        names.add(name);
      }
      const sent = header(request, 'host') ?? '';
      const candidates = [...new Set([sent, withoutPort(sent)])].map((host) =>
        createHmac(algorithm, secret).update(tencentV2StringToSign(request.method, host, request.rawPath, params), 'utf8').digest());
      if (!anySameSignature(candidates, Buffer.from(signature, 'base64'))) {
        throw signatureInvalid('The request signature does not match the request and the SecretKey.');
      }
      return `nonce:${timestamp}:${nonce}`;
    },
  };
}

function carriesCredentials(pairs: readonly [string, string][]): boolean {
  return pairs.some(([name]) => name === 'SecretId' || name === 'Signature');
}

function isForm(request: SignedRequest): boolean {
  return (header(request, 'content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}
