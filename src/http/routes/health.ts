import { Type } from 'typebox';
import { AppError } from '../../domain/errors.ts';
import type { HttpDeps, Server } from '../http-deps.ts';
import { Problem } from '../schemas/common.ts';

/** Liveness answers while the process runs; readiness only while the store is reachable and migrated. */
export function healthRoutes(server: Server, deps: HttpDeps): void {
  const Status = Type.Object({ status: Type.String(), version: Type.String() });
  server.get('/healthz', {
    config: { auth: 'public' },
    schema: { tags: ['health'], summary: 'Liveness probe', security: [], response: { 200: Status } },
  }, async () => ({ status: 'ok', version: deps.version }));

  server.get('/readyz', {
    config: { auth: 'public' },
    schema: { tags: ['health'], summary: 'Readiness: store reachable and migrations applied', security: [], response: { 200: Status, 503: Problem } },
  }, async () => {
    if (deps.isShuttingDown()) throw new AppError('SHUTTING_DOWN', 'The server is shutting down.');
    const health = await deps.app.store.health();
    if (!health.reachable) throw new AppError('DATABASE_UNAVAILABLE', 'The database cannot be reached.');
    if (!health.migrationsApplied) throw new AppError('DATABASE_UNAVAILABLE', 'Database migrations are not applied yet.');
    return { status: 'ready', version: deps.version };
  });
}
