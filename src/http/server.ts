/**
 * buildServer wires plugins and routes onto a Fastify instance and never listens: main.ts listens, tests use
 * inject(). Requests are validated by the TypeBox schemas that also generate /openapi.json; bodies must be
 * exactly what the schema allows (unknown fields are refused, not stripped); every error leaves as a surface's
 * envelope, never a stack trace.
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { lazyChildLoggers } from './plugins/lazy-child-logger.ts';
import { authenticate } from '../app/tokens/authenticate.ts';
import { PrincipalCache } from '../app/tokens/principal-cache.ts';
import type { HttpDeps, Server } from './http-deps.ts';
import { installAudit } from './plugins/audit.ts';
import { installAuth } from './plugins/auth.ts';
import { installMetrics } from './plugins/metrics.ts';
import { installNativeErrors } from './plugins/native-errors.ts';
import { installOpenApi } from './plugins/openapi.ts';
import { signatureAuthFor } from './plugins/signature-auth.ts';
import { installWebUi } from './plugins/web-ui.ts';
import { accountRoutes } from './routes/account.ts';
import { applicationRoutes } from './routes/applications.ts';
import { clusterRoutes } from './routes/clusters.ts';
import { healthRoutes } from './routes/health.ts';
import { problemRoutes } from './routes/problems.ts';
import { registryRoutes } from './routes/registry.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { accessKeyRoutes } from './routes/access-keys.ts';
import { triggerRoutes } from './routes/triggers.ts';
import { deployTaskRoutes } from './routes/deploy-tasks.ts';
import { deployRecordRoutes } from './routes/deploy-records.ts';
import { imageTriggerFamily } from './routes/image-trigger-family.ts';
import { ackSurface } from './surfaces/ack/ack-surface.ts';
import { astraSurface } from './surfaces/astra/astra-surface.ts';
import { codeArtsSurface } from './surfaces/codearts/codearts-surface.ts';
import { executionHookRoutes } from './routes/execution-hooks.ts';
import { hookRunRoutes } from './routes/hook-runs.ts';
import { hookSourceRoutes } from './routes/hook-sources.ts';
import { hookOverrideRoutes } from './routes/hook-overrides.ts';
import { storeBackupRoutes } from './routes/store-backup.ts';
import { auditEventRoutes } from './routes/audit-events.ts';
import { notificationChannelRoutes } from './routes/notification-channels.ts';

export interface BuiltServer {
  readonly server: Server;
  readonly metrics: Registry;
}

const childLogger = lazyChildLoggers();

export async function buildServer(deps: HttpDeps): Promise<BuiltServer> {
  const server: Server = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: deps.bodyLimitBytes,
    // node:crypto's randomUUID, not the global Web Crypto one: the global getter and its receiver check cost more.
    genReqId: () => randomUUID(),
    // Request loggers are made on first use (lazy-child-logger.ts); a route-level level or serializers need pino's own.
    childLoggerFactory: (logger, bindings, options) =>
      Object.keys(options).length === 0 ? childLogger(logger as Logger, bindings) : logger.child(bindings, options),
    // Behind a proxy, X-Forwarded-* is not trusted unless an operator opts in (not yet configurable).
    trustProxy: false,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 256 },
  }).withTypeProvider<TypeBoxTypeProvider>();
  server.setValidatorCompiler(TypeBoxValidatorCompiler);
  server.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });

  const principals = new PrincipalCache(deps.authCacheMs);
  const publicPrefixes = ['/docs'];
  installAuth(server, (secret) => authenticate(deps.app, secret, principals), { publicPrefixes, signatures: signatureAuthFor(deps) });
  installAudit(server, deps.app, { publicPrefixes });
  const metrics = installMetrics(server, { jobCounts: () => deps.app.store.jobs.countByState(), registry: deps.metricsRegistry });
  await installOpenApi(server, deps.version);
  installNativeErrors(server, await installWebUi(server));

  healthRoutes(server, deps);
  problemRoutes(server);
  accountRoutes(server, deps);
  tokenRoutes(server, deps, principals);
  accessKeyRoutes(server, deps);
  clusterRoutes(server, deps);
  applicationRoutes(server, deps);
  registryRoutes(server, deps);
  triggerRoutes(server, deps);
  deployTaskRoutes(server, deps);
  deployRecordRoutes(server, deps);
  ackSurface(server, deps);
  imageTriggerFamily(server, deps);
  hookSourceRoutes(server, deps);
  executionHookRoutes(server, deps);
  hookOverrideRoutes(server, deps);
  hookRunRoutes(server, deps);
  storeBackupRoutes(server, deps);
  auditEventRoutes(server, deps);
  notificationChannelRoutes(server, deps);
  astraSurface(server, deps);
  codeArtsSurface(server, deps);
  return { server, metrics };
}
