/**
 * Request counts and latency histograms by (method, route, status), kept as plain numbers per series and handed to
 * prom-client only when /metrics is scraped.
 *
 * Why not prom-client's own Counter and Histogram on the request path: they validate and hash the label set on
 * every inc/observe, even through `labels()`-bound children (prom-client 15.1.3, lib/histogram.js `observe`), which
 * the auth-noop benchmark's profile showed as ~2 µs of a ~25 µs request. Here a route finds its series with two map
 * lookups (method, then status) and an observation is a few additions. prom-client still owns the registry and the
 * text exposition: the two metrics below are its classes with `get` overridden, so the scrape output keeps the
 * names, label order (`le` first) and cumulative buckets it always had.
 */
import { Counter, Histogram, type Registry } from 'prom-client';

type LabelName = 'method' | 'route' | 'status';
type Labels = Record<LabelName, string>;

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;
const LABEL_NAMES: readonly LabelName[] = ['method', 'route', 'status'];
const REQUESTS = 'capstan_http_requests_total';
const LATENCY = 'capstan_http_request_duration_seconds';
const REQUESTS_HELP = 'HTTP requests answered.';
const LATENCY_HELP = 'Time to answer HTTP requests.';

interface Series {
  readonly labels: Labels;
  count: number;
  sum: number;
  /** Observations per bucket, not cumulative; the last slot counts values above the largest bound. */
  readonly buckets: Float64Array;
}

/** The series of one route template: what its hook calls when a response finishes. */
export interface RouteRequestMetrics {
  observe(method: string, status: number, seconds: number): void;
}

export class HttpRequestMetrics {
  readonly #series: Series[] = [];

  constructor(registry: Registry) {
    const all = (): readonly Series[] => this.#series;
    registry.registerMetric(new RequestCounter(all));
    registry.registerMetric(new LatencyHistogram(all));
  }

  /** One route template's series; call once per route, at registration, and keep the result. */
  forRoute(route: string): RouteRequestMetrics {
    const byMethod = new Map<string, Map<number, Series>>();
    const seriesFor = (method: string, status: number): Series => {
      let byStatus = byMethod.get(method);
      if (byStatus === undefined) byMethod.set(method, byStatus = new Map());
      let series = byStatus.get(status);
      if (series === undefined) {
        series = { labels: { method, route, status: String(status) }, count: 0, sum: 0, buckets: new Float64Array(BUCKETS.length + 1) };
        byStatus.set(status, series);
        this.#series.push(series);
      }
      return series;
    };
    return {
      observe(method, status, seconds) {
        const series = seriesFor(method, status);
        series.count += 1;
        series.sum += seconds;
        let slot = 0;
        while (slot < BUCKETS.length && seconds > BUCKETS[slot]!) slot += 1;
        series.buckets[slot]! += 1;
      },
    };
  }
}

/** What a metric's `get` resolves to (prom-client's type also lists `collect`, which its registry never reads). */
type Exported = Awaited<ReturnType<Counter<LabelName>['get']>>;
type ExportedHistogram = Awaited<ReturnType<Histogram<LabelName>['get']>>;

function exported<T extends Exported | ExportedHistogram>(name: string, help: string, type: 'counter' | 'histogram', values: T['values']): T {
  return { name, help, type, aggregator: 'sum', values } as unknown as T;
}

class RequestCounter extends Counter<LabelName> {
  readonly #series: () => readonly Series[];

  constructor(series: () => readonly Series[]) {
    super({ name: REQUESTS, help: REQUESTS_HELP, labelNames: LABEL_NAMES, registers: [] });
    this.#series = series;
  }

  override async get(): Promise<Exported> {
    return exported<Exported>(REQUESTS, REQUESTS_HELP, 'counter', this.#series().map((s) => ({ labels: { ...s.labels }, value: s.count })));
  }
}

class LatencyHistogram extends Histogram<LabelName> {
  readonly #series: () => readonly Series[];

  constructor(series: () => readonly Series[]) {
    super({ name: LATENCY, help: LATENCY_HELP, labelNames: LABEL_NAMES, buckets: [...BUCKETS], registers: [] });
    this.#series = series;
  }

  override async get(): Promise<ExportedHistogram> {
    const values: ExportedHistogram['values'] = [];
    for (const s of this.#series()) {
      let cumulative = 0;
      BUCKETS.forEach((le, slot) => {
        cumulative += s.buckets[slot]!;
        const labels = { le, ...s.labels }; // prom-client's type leaves out `le`, its own export adds it
        values.push({ labels, value: cumulative, metricName: `${LATENCY}_bucket` });
      });
      const inf = { le: '+Inf', ...s.labels };
      values.push({ labels: inf, value: s.count, metricName: `${LATENCY}_bucket` });
      values.push({ labels: { ...s.labels }, value: s.sum, metricName: `${LATENCY}_sum` });
      values.push({ labels: { ...s.labels }, value: s.count, metricName: `${LATENCY}_count` });
    }
    return exported<ExportedHistogram>(LATENCY, LATENCY_HELP, 'histogram', values);
  }

  /** The registry's text exposition asks for this one when a metric has it; the labels are already flat. */
  getForPromString(): Promise<ExportedHistogram> {
    return this.get();
  }
}
