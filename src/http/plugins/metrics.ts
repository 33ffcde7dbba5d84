/**
 * Prometheus metrics at GET /metrics: request counts and latency histograms by method, route template and
 * status (route templates, never raw URLs, so ids and tokens cannot explode cardinality or leak), process
 * defaults, and job counts by state read from the store at scrape time.
 */
import type { FastifyInstance, onResponseHookHandler, RouteOptions } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { JobState } from '../../domain/job.ts';
import { prependHook } from './route-hooks.ts';

export interface MetricsOptions {
  readonly jobCounts: () => Promise<Record<JobState, number>>;
  /** The registry to serve, shared with the app layer's counters (main.ts); a fresh one when absent. */
  readonly registry?: Registry;
}

export function installMetrics(app: FastifyInstance, options: MetricsOptions): Registry {
  const registry = options.registry ?? new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'capstan_' });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'capstan_http_requests_total', help: 'HTTP requests answered.', labelNames, registers: [registry] });
  const latency = new Histogram({
    name: 'capstan_http_request_duration_seconds', help: 'Time to answer HTTP requests.', labelNames, registers: [registry],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  new Gauge({
    name: 'capstan_jobs', help: 'Jobs in the store by state.', labelNames: ['state'], registers: [registry],
    async collect() {
      for (const [state, count] of Object.entries(await options.jobCounts())) this.set({ state }, count);
    },
  });
  // prom-client hashes the label set on every inc/observe; the bound children for each (method, route, status)
  // are kept instead, so a request pays two map lookups.
  const bound = new Map<string, { requests: { inc(): void }; latency: { observe(value: number): void } }>();
  const observe = (method: string, route: string, status: number, elapsedMs: number): void => {
    const key = `${method} ${status} ${route}`;
    let children = bound.get(key);
    if (!children) {
      const labels = { method, route, status: String(status) };
      children = { requests: requests.labels(labels), latency: latency.labels(labels) };
      bound.set(key, children);
    }
    children.requests.inc();
    children.latency.observe(elapsedMs / 1000);
  };
  // Labels are fixed per route at registration (reading request.routeOptions per request builds a frozen copy).
  app.addHook('onRoute', (route: RouteOptions) => {
    const routeLabel = route.url;
    const record: onResponseHookHandler = function recordRequest(request, reply, done) {
      observe(request.method, routeLabel, reply.statusCode, reply.elapsedTime);
      done();
    };
    route.onResponse = prependHook(record, route.onResponse);
  });
  app.addHook('onResponse', (request, reply, done) => {
    // Unmatched URLs (404s from the not-found handler) are counted under one label, never by raw URL.
    if (request.is404) observe(request.method, 'unmatched', reply.statusCode, reply.elapsedTime);
    done();
  });
  app.get('/metrics', { config: { auth: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()));
  return registry;
}
