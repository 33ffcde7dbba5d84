/**
 * The shapes shared by the vendor request-signature schemes (one file each in this folder). A scheme reads its
 * claim (access key id, signing time) from the request head before the body is read, so unknown keys and stale
 * timestamps are refused without reading a byte of the body; the claim then verifies the signature once the
 * body's digest is known. Schemes are pure: no I/O, no clock, no Fastify.
 */
import { AppError } from '../../domain/errors.ts';

export const SIGNATURE_SCHEMES = ['acs3', 'tc3', 'tencent-v2', 'huawei-sdk'] as const;
export type SignatureSchemeName = (typeof SIGNATURE_SCHEMES)[number];

/** Signing time may differ from the server clock by at most this much, either way (Alibaba's and Tencent's limit). */
export const MAX_SIGNATURE_SKEW_MS = 5 * 60_000;

/** The parts of an HTTP request a signature covers, exactly as received (nothing decoded or normalised). */
export interface SignedRequest {
  /** Upper case. */
  readonly method: string;
  /** Path as sent, percent-encoding intact. */
  readonly rawPath: string;
  /** What follows `?`, as sent; '' when there is none. */
  readonly rawQuery: string;
  /** Node's request headers: names lower-cased, values trimmed. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** The request body as received: its SHA-256 always, its bytes only for schemes that read parameters from it. */
export interface SignedBody {
  readonly sha256Hex: string;
  readonly bytes: Buffer | null;
  /** True when the request carried no body at all. */
  readonly empty: boolean;
}

export interface SignatureClaim {
  readonly accessKeyId: string;
  /** When the client says it signed, epoch ms; checked against the clock before the key is even looked up. */
  readonly signedAtMs: number;
  /**
   * Recomputes the signature with the key's secret and compares it in constant time. Returns the token that
   * makes this request unique for replay detection (a nonce, or the signature itself), or null when the request
   * is not replay-protected. Throws SIGNATURE_INVALID.
   */
  verify(secret: string, body: SignedBody): string | null;
}

export interface SignatureScheme {
  readonly name: SignatureSchemeName;
  /** The vendor's name of the algorithm, for messages. */
  readonly algorithm: string;
  /** Whether verification needs the body bytes (parameters in a form body), not only their digest. */
  readonly needsBodyBytes: boolean;
  /** The claim in the request head; null when the request does not use this scheme. Throws SIGNATURE_INVALID when malformed. */
  fromHead(request: SignedRequest): SignatureClaim | null;
  /**
   * For schemes whose credentials may travel in the body (Tencent API 2.0 POST): whether this request may carry
   * them there, and the claim once the body is read.
   */
  readonly body?: {
    mayCarryClaim(request: SignedRequest): boolean;
    fromBody(request: SignedRequest, bytes: Buffer): SignatureClaim | null;
  };
}

export function signatureInvalid(detail: string): AppError {
  return new AppError('SIGNATURE_INVALID', detail);
}
