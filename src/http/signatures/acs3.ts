/**
 * Alibaba Cloud V3 signatures, ACS3-HMAC-SHA256 (help.aliyun.com "V3 request body & signature mechanism"; as
 * @alicloud/openapi-core's `getAuthorization` computes it for ROA calls such as ACK's CreateTrigger):
 *
 *   Authorization: ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<a;b;c>,Signature=<hex>
 *   CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n SignedHeaders \n
 *                      HashedRequestPayload
 *   Signature = hex(HMAC-SHA256(secret, "ACS3-HMAC-SHA256\n" + hex(SHA256(CanonicalRequest))))
 *
 * CanonicalURI is the path with every segment RFC 3986-encoded; the query is decoded, RFC 3986-encoded, sorted by
 * name and joined as `name=value` (a name without value gives `name=`); each signed header is `name:trimmed value`.
 * HashedRequestPayload is the body's SHA-256, which must also equal the `x-acs-content-sha256` header.
 *
 * We require `host`, `x-acs-date`, `x-acs-signature-nonce` and `x-acs-content-sha256` to be signed, so the time
 * (±5 minutes), the nonce (replay detection) and the body are all covered. Only HMAC-SHA256 is accepted (not SM3
 * or RSA, which need other key material).
 */
import { AppError } from '../../domain/errors.ts';
import {
  authorizationParams, byNameThenValue, canonicalHeaderLines, decodePathSegment, header, hmacSha256, queryPairs,
  requiredParam, rfc3986, sameSignature, sha256Hex, signedHeaderNames,
} from './canonical.ts';
import { signatureInvalid, type SignatureClaim, type SignatureScheme, type SignedRequest } from './signed-request.ts';

export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';
const REQUIRED_SIGNED = ['host', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256'];
const ISO_SECONDS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

export const acs3: SignatureScheme = {
  name: 'acs3',
  algorithm: ACS3_ALGORITHM,
  needsBodyBytes: false,
  fromHead(request: SignedRequest): SignatureClaim | null {
    const authorization = header(request, 'authorization');
    if (authorization !== undefined && /^ACS3-[A-Z0-9-]+ /.test(authorization) && !authorization.startsWith(`${ACS3_ALGORITHM} `)) {
      throw signatureInvalid(`Only ${ACS3_ALGORITHM} signatures are accepted.`);
    }
    const params = authorizationParams(authorization, ACS3_ALGORITHM);
    if (params === null) return null;
    const accessKeyId = requiredParam(params, 'Credential', ACS3_ALGORITHM);
    const signature = requiredParam(params, 'Signature', ACS3_ALGORITHM).toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(signature)) throw signatureInvalid(`The ${ACS3_ALGORITHM} Signature must be 64 hex digits.`);
    const signedHeaders = signedHeaderNames(requiredParam(params, 'SignedHeaders', ACS3_ALGORITHM), REQUIRED_SIGNED, ACS3_ALGORITHM);
    const signedAtMs = parseAcsDate(header(request, 'x-acs-date'));
    const nonce = header(request, 'x-acs-signature-nonce') ?? '';
    if (nonce.length < 1 || nonce.length > 128) throw signatureInvalid('x-acs-signature-nonce must be 1 to 128 characters.');
    return {
      accessKeyId,
      signedAtMs,
      verify(secret, body) {
        if ((header(request, 'x-acs-content-sha256') ?? '').toLowerCase() !== body.sha256Hex) {
          throw signatureInvalid('x-acs-content-sha256 does not match the request body.');
        }
        const canonical = acs3CanonicalRequest(request, signedHeaders, body.sha256Hex);
        if (!sameSignature(acs3Signature(secret, canonical), signature)) {
          throw signatureInvalid(`The request signature does not match. Server string to sign: ${acs3StringToSign(canonical)}`);
        }
        return `nonce:${nonce}`;
      },
    };
  },
};

export function acs3CanonicalRequest(request: SignedRequest, signedHeaders: readonly string[], payloadSha256Hex: string): string {
  const uri = request.rawPath === '' ? '/' : request.rawPath.split('/').map((s) => rfc3986(decodePathSegment(s))).join('/');
  const query = queryPairs(request.rawQuery)
    .map(([name, value]): [string, string] => [rfc3986(name), rfc3986(value)])
    .sort(byNameThenValue)
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  return [request.method, uri, query, canonicalHeaderLines(request, signedHeaders), signedHeaders.join(';'), payloadSha256Hex].join('\n');
}

export function acs3StringToSign(canonicalRequest: string): string {
  return `${ACS3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
}

/** Lower-case hex, as sent in the Authorization header. */
export function acs3Signature(secret: string, canonicalRequest: string): string {
  return hmacSha256(secret, acs3StringToSign(canonicalRequest)).toString('hex');
}

/** `x-acs-date` is ISO 8601 UTC to the second, e.g. 2024-05-01T08:30:00Z. */
function parseAcsDate(value: string | undefined): number {
  const m = ISO_SECONDS.exec(value ?? '');
  const ms = m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : NaN;
  if (!Number.isFinite(ms)) throw new AppError('SIGNATURE_INVALID', 'x-acs-date must be an ISO 8601 UTC time such as 2024-05-01T08:30:00Z.');
  return ms;
}
