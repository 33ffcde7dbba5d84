import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Registry } from 'prom-client';
import type { AppDeps } from '../app/deps.ts';

export interface HttpDeps {
  readonly app: AppDeps;
  readonly version: string;
  /** Base of URLs handed to operators (trigger URLs, receiver URLs), without a trailing slash. */
  readonly publicUrl: string;
  readonly bodyLimitBytes: number;
  /** How long a resolved bearer token is remembered (revocation elsewhere takes effect within this). */
  readonly authCacheMs: number;
  readonly logger: FastifyBaseLogger;
  /** True once SIGTERM arrived: /readyz turns 503 so load balancers stop sending traffic. */
  readonly isShuttingDown: () => boolean;
  /** The registry GET /metrics serves; pass the one `app.metrics` counts into, so its counters appear there. */
  readonly metricsRegistry?: Registry;
}

export type Server = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;
