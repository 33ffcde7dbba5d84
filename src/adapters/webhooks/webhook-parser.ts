import type { AuthScheme, ParseResult, VerifyResult } from '../../app/ports/webhook-parser.ts';
import { AppError, type ErrorCode } from '../../domain/errors.ts';
import type { ImagePushEvent } from '../../domain/image-push-event.ts';

/**
 * Result constructors shared by the sender parsers. The WebhookParser interface, the header helpers and the
 * receive protocol (`verifyAndParse`) live in the port, src/app/ports/webhook-parser.ts.
 */

export const pushed = (events: readonly ImagePushEvent[]): ParseResult => ({ kind: 'push', events });
export const ignored = (reason: string): ParseResult => ({ kind: 'ignored', reason });
export const verified = (by: AuthScheme): VerifyResult => ({ ok: true, by });
export const rejected = (code: ErrorCode, detail: string): VerifyResult => ({ ok: false, error: new AppError(code, detail) });
