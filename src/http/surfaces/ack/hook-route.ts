/**
 * The trigger URL (seed-apis.md §1.1 A-7): `GET` or `POST /hook/trigger?token=…`, public — the token is the
 * credential. Answer `{"code":"200","message":"","requestId":<deploy record id>}` once the record and its job are
 * committed. A missing, malformed, forged or revoked token, and an unknown trigger, all get the same 404 body
 * (renderAckHookError), so a caller learns nothing about which.
 *
 * W1: the token is verified in onRequest, before the body is read; bodies are read raw (any content type, at
 * most HOOK_BODY_LIMIT bytes) because a Standard Webhooks signature covers the exact bytes, and are parsed as
 * JSON only for application triggers, after every check passed. HEAD is not served: link checkers must not
 * redeploy anything. The token reaches logs only through the request URL, whose `token=` value the logger cuts.
 */
import type { FastifyRequest, onRequestHookHandler } from 'fastify';
import { invokeTrigger } from '../../../app/triggers/invoke-trigger.ts';
import { TriggerRateLimiter } from '../../../app/triggers/trigger-rate-limiter.ts';
import { TriggerTokenCache } from '../../../app/triggers/trigger-token-cache.ts';
import type { TriggerTokenClaims } from '../../../app/triggers/trigger-token.ts';
import { AppError } from '../../../domain/errors.ts';
import type { HttpDeps, Server } from '../../http-deps.ts';
import { AckError, HookAnswer, HookQuery } from './schemas.ts';

/** ACK's image-override body is a few hundred bytes; anything near this is not a trigger call. */
export const HOOK_BODY_LIMIT = 64 * 1024;
const EMPTY = Buffer.alloc(0);

export function ackHookRoutes(scope: Server, deps: HttpDeps): void {
  const limiter = new TriggerRateLimiter();
  const tokens = new TriggerTokenCache(deps.app.secrets);
  const claimsOf = new WeakMap<FastifyRequest, TriggerTokenClaims>();

  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: HOOK_BODY_LIMIT }, (_request, body, done) => done(null, body));

  const verifyToken: onRequestHookHandler = (request, _reply, done) => {
    const token = (request.query as { token?: unknown }).token;
    const claims = typeof token === 'string' ? tokens.verify(token) : null;
    if (claims === null) {
      done(new AppError(typeof token === 'string' ? 'TOKEN_INVALID' : 'TOKEN_MISSING', 'The trigger token is missing or not valid.'));
      return;
    }
    claimsOf.set(request, claims);
    done();
  };

  for (const method of ['POST', 'GET'] as const) {
    scope.route({
      method,
      url: '/trigger',
      exposeHeadRoute: false,
      bodyLimit: HOOK_BODY_LIMIT,
      config: { auth: 'public' },
      onRequest: verifyToken,
      schema: {
        tags: ['ack'], summary: `Call a trigger URL (ACK, ${method}): redeploy its Deployment or application`,
        operationId: method === 'POST' ? 'ackInvokeTrigger' : 'ackInvokeTriggerGet',
        description: 'GET or POST. For application triggers, POST may carry ACK\'s image-override body. When the trigger requires a signature, send Standard Webhooks headers (webhook-id, webhook-timestamp, webhook-signature).',
        querystring: HookQuery,
        response: { 200: HookAnswer, 400: AckError, 404: AckError, 413: AckError, 429: AckError, 502: AckError, 503: AckError },
      },
      handler: async (request) => {
        const claims = claimsOf.get(request);
        if (claims === undefined) throw new AppError('TOKEN_MISSING', 'The trigger token is missing.');
        const started = await invokeTrigger(deps.app, limiter, {
          claims,
          rawBody: Buffer.isBuffer(request.body) ? request.body : EMPTY,
          headers: {
            webhookId: single(request.headers['webhook-id']),
            webhookTimestamp: single(request.headers['webhook-timestamp']),
            webhookSignature: single(request.headers['webhook-signature']),
          },
        });
        return { code: '200', message: '', requestId: started.recordId };
      },
    });
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
