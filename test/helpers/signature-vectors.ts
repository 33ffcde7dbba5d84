/**
 * What the signature verifier tests (src/http/signatures/*.test.ts) share: one access key pair in Capstan's
 * format, the body as the server hands it to a verifier, and the outcome of a check as an error code.
 */
import { createHash } from 'node:crypto';
import { AppError, type ErrorCode } from '../../src/domain/errors.ts';
import type { SignedBody } from '../../src/http/signatures/signed-request.ts';

export const ACCESS_KEY_ID = 'CAPKABCDEFGHIJKLMNOPQRST';
export const ACCESS_KEY_SECRET = 'capsk_0123456789abcdefghijABCDEFGHIJ0123456789';

/** A body read as JSON: only its SHA-256 is kept (`bytes: null`), as for every scheme that signs a hash of it. */
export function hashedBody(payload: string): SignedBody {
  return { sha256Hex: createHash('sha256').update(payload).digest('hex'), bytes: null, empty: payload === '' };
}

/** 'ok' when `fn` returns, the AppError's code when it throws one; anything else is rethrown. */
export function codeOf(fn: () => unknown): ErrorCode | 'ok' {
  try {
    fn();
    return 'ok';
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}
