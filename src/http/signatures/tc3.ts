/**
 * Tencent Cloud API 3.0 signature v3, TC3-HMAC-SHA256 (cloud.tencent.com/document/api "签名方法 v3"; as
 * tencentcloud-sdk-nodejs's `Sign.sign3` computes it):
 *
 *   Authorization: TC3-HMAC-SHA256 Credential=<SecretId>/<yyyy-mm-dd>/<service>/tc3_request,
 *                  SignedHeaders=content-type;host, Signature=<hex>
 *   CanonicalRequest = METHOD \n path \n query \n CanonicalHeaders \n SignedHeaders \n hex(SHA256(body))
 *   StringToSign = "TC3-HMAC-SHA256\n" + X-TC-Timestamp + "\n" + <date>/<service>/tc3_request + "\n" + hex(SHA256(CanonicalRequest))
 *   key = HMAC(HMAC(HMAC("TC3" + secret, date), service), "tc3_request"); Signature = hex(HMAC(key, StringToSign))
 *
 * The service in the credential scope is verified as sent: the SDK derives it from the endpoint host (its first
 * dot-separated label), which for a Capstan endpoint is whatever the operator's host name starts with. The scope
 * date must be the UTC date of X-TC-Timestamp, and `content-type` and `host` must be signed.
 *
 * Two tolerances, each tried in constant time: the SDK signs `host` without the port while sending
 * `Host: name:port` (harmless against Tencent's port 443, not against a self-hosted port), so the host is tried as
 * sent and without its port; header values are tried lower-cased (as documented) and as sent (as the SDKs do).
 *
 * Replays: v3 has no nonce, and the SDK does not sign X-TC-Action. A request whose action changes something (not
 * `Describe…`) is replay-protected by its signature plus action, so a captured Create/Delete cannot be sent again
 * within the 5 minutes the timestamp stays valid; a byte-identical read repeated within the same second is allowed.
 */
import {
  anySameSignature, authorizationParams, canonicalHeaderLines, header, hmacSha256, requiredParam, sha256Hex, signedHeaderNames, withoutPort,
} from './canonical.ts';
import { signatureInvalid, type SignatureClaim, type SignatureScheme, type SignedRequest } from './signed-request.ts';

export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';

export const tc3: SignatureScheme = {
  name: 'tc3',
  algorithm: TC3_ALGORITHM,
  needsBodyBytes: false,
  fromHead(request: SignedRequest): SignatureClaim | null {
    const params = authorizationParams(header(request, 'authorization'), TC3_ALGORITHM);
    if (params === null) return null;
    const scope = requiredParam(params, 'Credential', TC3_ALGORITHM).split('/');
    const [accessKeyId, date, service, terminator] = scope;
    if (scope.length !== 4 || !accessKeyId || !date || !service || terminator !== 'tc3_request' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      throw signatureInvalid(`The ${TC3_ALGORITHM} Credential must be <SecretId>/<yyyy-mm-dd>/<service>/tc3_request.`);
    }
    const signedHeaders = signedHeaderNames(requiredParam(params, 'SignedHeaders', TC3_ALGORITHM), ['content-type', 'host'], TC3_ALGORITHM);
    const signature = requiredParam(params, 'Signature', TC3_ALGORITHM).toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(signature)) throw signatureInvalid(`The ${TC3_ALGORITHM} Signature must be 64 hex digits.`);
    const timestamp = header(request, 'x-tc-timestamp') ?? '';
    if (!/^\d{1,12}$/.test(timestamp)) throw signatureInvalid('X-TC-Timestamp must be a Unix time in seconds.');
    const signedAtMs = Number(timestamp) * 1000;
    if (utcDate(signedAtMs) !== date) throw signatureInvalid('The date in the Credential must be the UTC date of X-TC-Timestamp.');
    const action = header(request, 'x-tc-action') ?? '';
    return {
      accessKeyId,
      signedAtMs,
      verify(secret, body) {
        const key = tc3SigningKey(secret, date, service);
        const candidates = tc3Variants(request).map((variant) => {
          const canonical = tc3CanonicalRequest(request, signedHeaders, body.sha256Hex, variant);
          return hmacSha256(key, tc3StringToSign(timestamp, `${date}/${service}/tc3_request`, canonical)).toString('hex');
        });
        if (!anySameSignature(candidates, signature)) {
          throw signatureInvalid('The request signature does not match the request and the SecretKey.');
        }
        return action.startsWith('Describe') ? null : `signature:${signature}:${action}`;
      },
    };
  },
};

export interface Tc3Variant {
  /** The value used for the `host` header line. */
  readonly host: string;
  /** Lower-case header values (as documented) or keep them as sent (as the SDKs do). */
  readonly lowerValues: boolean;
}

export function tc3CanonicalRequest(request: SignedRequest, signedHeaders: readonly string[], payloadSha256Hex: string, variant: Tc3Variant): string {
  const withHost: SignedRequest = { ...request, headers: { ...request.headers, host: variant.host } };
  const lines = canonicalHeaderLines(withHost, signedHeaders, variant.lowerValues ? (v) => v.toLowerCase() : undefined);
  return [request.method, request.rawPath || '/', request.rawQuery, lines, signedHeaders.join(';'), payloadSha256Hex].join('\n');
}

export function tc3StringToSign(timestamp: string, credentialScope: string, canonicalRequest: string): string {
  return `${TC3_ALGORITHM}\n${timestamp}\n${credentialScope}\n${sha256Hex(canonicalRequest)}`;
}

export function tc3SigningKey(secret: string, date: string, service: string): Buffer {
  return hmacSha256(hmacSha256(hmacSha256(`TC3${secret}`, date), service), 'tc3_request');
}

/** The host as sent and without its port, each with lower-cased and as-sent values; duplicates dropped. */
function tc3Variants(request: SignedRequest): Tc3Variant[] {
  const sent = header(request, 'host') ?? '';
  const hosts = [...new Set([sent, withoutPort(sent)])];
  const variants: Tc3Variant[] = [];
  for (const host of hosts) for (const lowerValues of [true, false]) variants.push({ host, lowerValues });
  return variants;
}

function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
