/**
 * Vendor request signatures as an alternative to bearer tokens, on the routes that opt in with
 * `config.signature` (installAuth wires the three hooks). The work is split along Fastify's lifecycle so that a
 * request with an unknown key or a stale timestamp is refused before its body is read:
 *
 * 1. onRequest (`start`): the scheme parses its claim from the head; the signing time must be within ±5 minutes
 *    of the server clock (SIGNATURE_EXPIRED) and the access key must exist with a valid token (TOKEN_INVALID).
 * 2. preParsing (`capture`): the body is hashed (and, for schemes that read parameters from it, kept) as it
 *    streams to the route's parser, so the digest is of the bytes as received.
 * 3. preValidation (`finish`): the signature is recomputed and compared in constant time (SIGNATURE_INVALID),
 *    the nonce or state-changing signature is claimed in the replay cache (SIGNATURE_REPLAYED), and the key's
 *    token becomes the request's principal. Only then do validation and the handler run.
 *
 * Nothing here logs: secrets never leave `resolve` and `verify`, and signatures appear only in the Authorization
 * header (censored by the logger) or the Tencent 2.0 `Signature` parameter (scrubbed from logged URLs).
 */
import { createHash, type Hash } from 'node:crypto';
import { pipeline, Transform } from 'node:stream';
import type { FastifyRequest, preParsingAsyncHookHandler } from 'fastify';
import { resolveAccessKey, type ResolvedAccessKey } from '../../app/access-keys/resolve-access-key.ts';
import { AppError } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { EMPTY_SHA256_HEX } from '../signatures/canonical.ts';
import type { HttpDeps } from '../http-deps.ts';
import { ReplayCache } from '../signatures/replay-cache.ts';
import {
  MAX_SIGNATURE_SKEW_MS, type SignatureClaim, type SignatureScheme, type SignedBody, type SignedRequest,
} from '../signatures/signed-request.ts';

export interface SignatureAuthDeps {
  /** The key's principal and secret; null when the key is unknown or its token expired. */
  resolve(accessKeyId: string): Promise<ResolvedAccessKey | null>;
  now(): number;
  readonly replay: ReplayCache;
}

interface Pending {
  readonly scheme: SignatureScheme;
  readonly head: SignedRequest;
  /** Null while the claim is still in the body (Tencent API 2.0 POST). */
  readonly claim: SignatureClaim | null;
  readonly key: ResolvedAccessKey | null;
  digest: BodyDigest | null;
}

const NO_BODY: SignedBody = { sha256Hex: EMPTY_SHA256_HEX, bytes: null, empty: true };

export class SignatureAuth {
  readonly #deps: SignatureAuthDeps;
  readonly #pending = new WeakMap<FastifyRequest, Pending>();

  constructor(deps: SignatureAuthDeps) {
    this.#deps = deps;
  }

  /**
   * onRequest. True when the request authenticates with `scheme` (its principal is set by `finish`); false when
   * it carries none of the scheme's credentials, so the caller falls back to bearer tokens.
   */
  async start(request: FastifyRequest, scheme: SignatureScheme): Promise<boolean> {
    const head = headOf(request);
    const claim = scheme.fromHead(head);
    if (claim !== null) {
      const key = await this.#admit(claim);
      this.#pending.set(request, { scheme, head, claim, key, digest: null });
      return true;
    }
    if (scheme.body?.mayCarryClaim(head) && request.headers.authorization === undefined) {
      this.#pending.set(request, { scheme, head, claim: null, key: null, digest: null });
      return true;
    }
    return false;
  }

  /** preParsing: tees the body through a digest, only for requests `start` took on. */
  readonly capture: preParsingAsyncHookHandler = async (request, _reply, payload) => {
    const pending = this.#pending.get(request);
    if (pending === undefined || !carriesBody(request)) return payload;
    const digest = new BodyDigest(pending.scheme.needsBodyBytes);
    pending.digest = digest;
    // pipeline forwards a failure of the socket (client gone) to the parser as an error of the tee.
    return pipeline(payload, digest.tee, () => {});
  };

  /**
   * preValidation: the principal of a verified signed request; null for requests `start` did not take on.
   * Throws TOKEN_MISSING, TOKEN_INVALID, SIGNATURE_EXPIRED, SIGNATURE_INVALID or SIGNATURE_REPLAYED.
   */
  async finish(request: FastifyRequest): Promise<Principal | null> {
    const pending = this.#pending.get(request);
    if (pending === undefined) return null;
    this.#pending.delete(request);
    const body = pending.digest?.result() ?? NO_BODY;
    let { claim, key } = pending;
    if (claim === null) {
      claim = body.bytes === null ? null : (pending.scheme.body?.fromBody(pending.head, body.bytes) ?? null);
      if (claim === null) {
        throw new AppError('TOKEN_MISSING', `Sign the request (${pending.scheme.algorithm}) with an access key, or send "Authorization: Bearer <token>".`);
      }
      key = await this.#admit(claim);
    }
    if (key === null) throw new AppError('TOKEN_INVALID', 'The access key is not valid.');
    const unique = claim.verify(key.secret, body);
    if (unique !== null) {
      const replayKey = `${pending.scheme.name}\n${claim.accessKeyId}\n${unique}`;
      if (!this.#deps.replay.claim(replayKey, claim.signedAtMs + MAX_SIGNATURE_SKEW_MS, this.#deps.now())) {
        throw new AppError('SIGNATURE_REPLAYED', 'This signed request was already received; sign every request anew (a fresh nonce and time).');
      }
    }
    return key.principal;
  }

  /** The clock first (no lookup for a stale request), then the key. Unknown and expired keys answer alike. */
  async #admit(claim: SignatureClaim): Promise<ResolvedAccessKey> {
    const now = this.#deps.now();
    if (!(Math.abs(now - claim.signedAtMs) <= MAX_SIGNATURE_SKEW_MS)) {
      throw new AppError('SIGNATURE_EXPIRED',
        `The request was signed at ${isoOrRaw(claim.signedAtMs)}, more than 5 minutes from the server time ${new Date(now).toISOString()}.`);
    }
    const key = await this.#deps.resolve(claim.accessKeyId);
    if (key === null) throw new AppError('TOKEN_INVALID', 'The access key does not exist, was revoked, or its token has expired.');
    return key;
  }
}

/** SHA-256 of the bytes passing through, and the bytes themselves when asked to keep them. */
class BodyDigest {
  readonly tee: Transform;
  readonly #hash: Hash = createHash('sha256');
  readonly #chunks: Buffer[] | null;
  #length = 0;

  constructor(keepBytes: boolean) {
    this.#chunks = keepBytes ? [] : null;
    this.tee = new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        this.#hash.update(chunk);
        this.#chunks?.push(chunk);
        this.#length += chunk.length;
        done(null, chunk);
      },
    });
  }

  /** Called once the route's parser has read the body to its end (preValidation runs only then). */
  result(): SignedBody {
    return {
      sha256Hex: this.#hash.digest('hex'),
      bytes: this.#chunks === null ? null : Buffer.concat(this.#chunks),
      empty: this.#length === 0,
    };
  }
}

function headOf(request: FastifyRequest): SignedRequest {
  const url = request.raw.url ?? request.url;
  const q = url.indexOf('?');
  return {
    method: request.method.toUpperCase(),
    rawPath: q < 0 ? url : url.slice(0, q),
    rawQuery: q < 0 ? '' : url.slice(q + 1),
    headers: request.headers,
  };
}

/** Whether Fastify will read a body for this request (it reads none for GET/HEAD, nor without length or chunks). */
function carriesBody(request: FastifyRequest): boolean {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'TRACE') return false;
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function isoOrRaw(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : String(ms);
}

/** The SignatureAuth of a server: keys resolved through the store, the app's clock, one replay cache per process. */
export function signatureAuthFor(deps: HttpDeps): SignatureAuth {
  return new SignatureAuth({
    resolve: (accessKeyId) => resolveAccessKey(deps.app, accessKeyId),
    now: () => deps.app.clock.now(),
    replay: new ReplayCache(),
  });
}
