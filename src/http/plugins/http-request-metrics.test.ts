import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { HttpRequestMetrics } from './http-request-metrics.ts';

function line(text: string, prefix: string): string | undefined {
  return text.split('\n').find((l) => l.startsWith(prefix));
}

test('exposes counts and cumulative, upper-inclusive buckets per method, route and status, as prom-client would', async () => {
  const registry = new Registry();
  const metrics = new HttpRequestMetrics(registry);
  const tokens = metrics.forRoute('/api/v1/tokens/:id');
  tokens.observe('GET', 200, 0.001); // exactly on a bound: counted in le="0.001"
  tokens.observe('GET', 200, 0.003);
  tokens.observe('GET', 200, 42); // above every bound: only +Inf
  tokens.observe('DELETE', 404, 0.02);
  metrics.forRoute('unmatched').observe('GET', 404, 0.0001);

  const text = await registry.metrics();
  const get200 = 'method="GET",route="/api/v1/tokens/:id",status="200"';
  assert.equal(line(text, `capstan_http_requests_total{${get200}}`), `capstan_http_requests_total{${get200}} 3`);
  assert.equal(line(text, 'capstan_http_requests_total{method="DELETE",'), 'capstan_http_requests_total{method="DELETE",route="/api/v1/tokens/:id",status="404"} 1');
  assert.equal(line(text, 'capstan_http_requests_total{method="GET",route="unmatched"'), 'capstan_http_requests_total{method="GET",route="unmatched",status="404"} 1');
  const bucket = (le: string): string | undefined => line(text, `capstan_http_request_duration_seconds_bucket{le="${le}",${get200}}`)?.split(' ')[1];
  assert.deepEqual(['0.001', '0.0025', '0.005', '10', '+Inf'].map(bucket), ['1', '1', '2', '2', '3']);
  assert.equal(line(text, `capstan_http_request_duration_seconds_count{${get200}}`)?.split(' ')[1], '3');
  assert.equal(Number(line(text, `capstan_http_request_duration_seconds_sum{${get200}}`)?.split(' ')[1]), 0.001 + 0.003 + 42);
  assert.match(text, /# TYPE capstan_http_request_duration_seconds histogram/);
  assert.match(text, /# TYPE capstan_http_requests_total counter/);
});

test('a route keeps one series per method and status, however often it is observed', async () => {
  const registry = new Registry();
  const route = new HttpRequestMetrics(registry).forRoute('/x');
  for (let i = 0; i < 1000; i++) route.observe('GET', 200, 0.0005);
  const [counter] = (await registry.getMetricsAsJSON()).filter((m) => m.name === 'capstan_http_requests_total');
  assert.deepEqual(counter?.values, [{ labels: { method: 'GET', route: '/x', status: '200' }, value: 1000 }]);
});
