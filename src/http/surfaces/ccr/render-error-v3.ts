/**
 * Tencent Cloud API 3.0 error envelope (seed-apis.md §2.4, T10): `{Response: {Error: {Code, Message}, RequestId}}`
 * with HTTP 200. `Code` is the same string the 2.0 surface puts in `codeDesc` (one mapping, render-error.ts).
 */
import type { FastifyRequest } from 'fastify';
import type { AppError } from '../../../domain/errors.ts';
import type { RenderedError } from '../../plugins/error-renderer.ts';
import { CCR_CONTENT_TYPE, tencentErrorOf } from './render-error.ts';

export interface CcrV3ErrorBody {
  Response: {
    Error: { Code: string; Message: string };
    RequestId: string;
  };
}

export function renderCcrErrorV3(error: AppError, request: FastifyRequest): RenderedError {
  const message = error.kind === 'internal' ? 'An internal error occurred; the RequestId identifies it in the server log.' : error.detail;
  const body: CcrV3ErrorBody = {
    Response: { Error: { Code: tencentErrorOf(error).codeDesc, Message: message }, RequestId: request.id },
  };
  return { status: 200, contentType: CCR_CONTENT_TYPE, body };
}
