/**
 * Prometheus metrics at GET /metrics: request counts and latency histograms by method, route template and
 * status (route templates, never raw URLs, so ids and tokens cannot explode cardinality or leak), process
 * defaults, and job counts by state read from the store at scrape time.
 */
import type { FastifyInstance, onResponseHookHandler, RouteOptions } from 'fastify';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { JobState } from '../../domain/job.ts';
import { HttpRequestMetrics } from './http-request-metrics.ts';
import { prependHook } from './route-hooks.ts';

export interface MetricsOptions {
  readonly jobCounts: () => Promise<Record<JobState, number>>;
  /** The registry to serve, shared with the app layer's counters (main.ts); a fresh one when absent. */
  readonly registry?: Registry;
}

export function installMetrics(app: FastifyInstance, options: MetricsOptions): Registry {
  const registry = options.registry ?? new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'capstan_' });
  const requests = new HttpRequestMetrics(registry);
  new Gauge({
    name: 'capstan_jobs', help: 'Jobs in the store by state.', labelNames: ['state'], registers: [registry],
    async collect() {
      for (const [state, count] of Object.entries(await options.jobCounts())) this.set({ state }, count);
    },
  });
  // Series are found per route template at registration (reading request.routeOptions per request builds a frozen
  // copy), never by raw URL, so ids and tokens cannot explode cardinality or leak.
  app.addHook('onRoute', (route: RouteOptions) => {
    const series = requests.forRoute(route.url);
    const record: onResponseHookHandler = function recordRequest(request, reply, done) {
      series.observe(request.method, reply.statusCode, reply.elapsedTime / 1000);
      done();
    };
    route.onResponse = prependHook(record, route.onResponse);
  });
  // Unmatched URLs (404s from the not-found handler) are counted under one label.
  const unmatched = requests.forRoute('unmatched');
  app.addHook('onResponse', (request, reply, done) => {
    if (request.is404) unmatched.observe(request.method, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  app.get('/metrics', { config: { auth: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()));
  return registry;
}
