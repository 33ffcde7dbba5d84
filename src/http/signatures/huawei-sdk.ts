/**
 * Huawei Cloud API Gateway AK/SK signatures, SDK-HMAC-SHA256 (support.huaweicloud.com "API Request Signing
 * Guide"; as @huaweicloud/huaweicloud-sdk-core's `AKSKSigner.sign` computes it):
 *
 *   Authorization: SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<a;b>, Signature=<hex>
 *   X-Sdk-Date: yyyyMMddTHHmmssZ
 *   CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n SignedHeaders \n PayloadHash
 *   Signature = hex(HMAC-SHA256(SK, "SDK-HMAC-SHA256\n" + X-Sdk-Date + "\n" + hex(SHA256(CanonicalRequest))))
 *
 * CanonicalURI: every segment of the path as sent (percent-escapes included, so `%20` becomes `%2520`, as the SDK
 * does) RFC 3986-encoded, always ending in `/`. The query is decoded, sorted by name (repeated names by value) and
 * RFC 3986-encoded as `name=value`. PayloadHash is the body's SHA-256, or the
 * literal `UNSIGNED-PAYLOAD` when `X-Sdk-Content-Sha256` says so — which we accept only for requests without a
 * body, so a signature always covers what the handler reads.
 *
 * Replays: the scheme has no nonce. A request that changes something (not GET/HEAD) is replay-protected by its
 * signature, so a captured StartDeployTask cannot be sent again while its X-Sdk-Date is valid; a byte-identical
 * read repeated within the same second is allowed. (Huawei's own gateway accepts 15 minutes of skew; we keep 5.)
 */
import {
  authorizationParams, byNameThenValue, canonicalHeaderLines, header, hmacSha256, queryPairs, requiredParam,
  rfc3986, sameSignature, sha256Hex, signedHeaderNames,
} from './canonical.ts';
import { signatureInvalid, type SignatureClaim, type SignatureScheme, type SignedRequest } from './signed-request.ts';

export const HUAWEI_ALGORITHM = 'SDK-HMAC-SHA256';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const BASIC_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

export const huaweiSdk: SignatureScheme = {
  name: 'huawei-sdk',
  algorithm: HUAWEI_ALGORITHM,
  needsBodyBytes: false,
  fromHead(request: SignedRequest): SignatureClaim | null {
    const params = authorizationParams(header(request, 'authorization'), HUAWEI_ALGORITHM);
    if (params === null) return null;
    const accessKeyId = requiredParam(params, 'Access', HUAWEI_ALGORITHM);
    const signedHeaders = signedHeaderNames(requiredParam(params, 'SignedHeaders', HUAWEI_ALGORITHM), [], HUAWEI_ALGORITHM);
    const signature = requiredParam(params, 'Signature', HUAWEI_ALGORITHM).toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(signature)) throw signatureInvalid(`The ${HUAWEI_ALGORITHM} Signature must be 64 hex digits.`);
    const date = header(request, 'x-sdk-date') ?? '';
    const m = BASIC_DATE.exec(date);
    if (!m) throw signatureInvalid('X-Sdk-Date must be a UTC time such as 20240501T083000Z.');
    const signedAtMs = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
    return {
      accessKeyId,
      signedAtMs,
      verify(secret, body) {
        const declared = header(request, 'x-sdk-content-sha256');
        let payload = body.sha256Hex;
        if (declared === UNSIGNED_PAYLOAD) {
          if (!body.empty) throw signatureInvalid(`${UNSIGNED_PAYLOAD} is accepted only for requests without a body.`);
          payload = UNSIGNED_PAYLOAD;
        } else if (declared !== undefined && declared.toLowerCase() !== body.sha256Hex) {
          throw signatureInvalid('X-Sdk-Content-Sha256 does not match the request body.');
        }
        const canonical = huaweiCanonicalRequest(request, signedHeaders, payload);
        if (!sameSignature(huaweiSignature(secret, date, canonical), signature)) {
          throw signatureInvalid('Incorrect IAM authentication information: verify aksk signature fail.');
        }
        return request.method === 'GET' || request.method === 'HEAD' ? null : `signature:${signature}`;
      },
    };
  },
};

export function huaweiCanonicalRequest(request: SignedRequest, signedHeaders: readonly string[], payload: string): string {
  // The SDK encodes the path as it will send it (already percent-encoded), so `%` itself becomes `%25`.
  let uri = request.rawPath.split('/').map(rfc3986).join('/');
  if (!uri.endsWith('/')) uri += '/';
  const query = queryPairs(request.rawQuery)
    .sort(byNameThenValue)
    .map(([name, value]) => `${rfc3986(name)}=${rfc3986(value)}`)
    .join('&');
  return [request.method, uri, query, canonicalHeaderLines(request, signedHeaders), signedHeaders.join(';'), payload].join('\n');
}

/** Lower-case hex, as sent in the Authorization header. */
export function huaweiSignature(secret: string, sdkDate: string, canonicalRequest: string): string {
  return hmacSha256(secret, `${HUAWEI_ALGORITHM}\n${sdkDate}\n${sha256Hex(canonicalRequest)}`).toString('hex');
}
