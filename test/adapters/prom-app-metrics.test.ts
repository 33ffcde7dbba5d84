import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { createPromAppMetrics } from '../../src/adapters/metrics/prom-app-metrics.ts';
import type { FinishedRecordState } from '../../src/app/ports/app-metrics.ts';
import type { RecordOrigin } from '../../src/domain/deploy-record.ts';
import type { DeliveryOutcome } from '../../src/domain/notification-channel.ts';
import { metricValue } from '../helpers/metric-value.ts';

test('every counter is exposed with HELP and a 0 series for each label value before anything happens', async () => {
  const registry = new Registry();
  createPromAppMetrics(registry);
  const text = await registry.metrics();
  for (const name of ['capstan_deploy_records_finished_total', 'capstan_notification_deliveries_total', 'capstan_image_trigger_firings_total', 'capstan_audit_write_failures_total']) {
    assert.match(text, new RegExp(`^# HELP ${name} \\S`, 'm'), name);
    assert.match(text, new RegExp(`^# TYPE ${name} counter$`, 'm'), name);
  }
  for (const state of ['succeeded', 'failed', 'stopped']) {
    for (const origin of ['api', 'pipeline', 'trigger-url', 'image-push']) {
      assert.equal(metricValue(text, 'capstan_deploy_records_finished_total', { state, origin }), 0, `${state}/${origin}`);
    }
  }
  for (const outcome of ['delivered', 'retrying', 'failed', 'skipped']) assert.equal(metricValue(text, 'capstan_notification_deliveries_total', { outcome }), 0);
  for (const result of ['fired', 'held']) assert.equal(metricValue(text, 'capstan_image_trigger_firings_total', { result }), 0);
  assert.equal(metricValue(text, 'capstan_audit_write_failures_total'), 0);
});

test('each call moves exactly its own series by one', async () => {
  const registry = new Registry();
  const metrics = createPromAppMetrics(registry);
  metrics.recordFinished('failed', 'image-push');
  metrics.recordFinished('failed', 'image-push');
  metrics.recordFinished('stopped', 'api');
  metrics.notificationDelivery('retrying');
  metrics.imageTriggerFiring('held');
  metrics.auditWriteFailed();
  const text = await registry.metrics();
  assert.equal(metricValue(text, 'capstan_deploy_records_finished_total', { state: 'failed', origin: 'image-push' }), 2);
  assert.equal(metricValue(text, 'capstan_deploy_records_finished_total', { state: 'stopped', origin: 'api' }), 1);
  assert.equal(metricValue(text, 'capstan_deploy_records_finished_total', { state: 'failed', origin: 'api' }), 0);
  assert.equal(metricValue(text, 'capstan_notification_deliveries_total', { outcome: 'retrying' }), 1);
  assert.equal(metricValue(text, 'capstan_notification_deliveries_total', { outcome: 'delivered' }), 0);
  assert.equal(metricValue(text, 'capstan_image_trigger_firings_total', { result: 'held' }), 1);
  assert.equal(metricValue(text, 'capstan_image_trigger_firings_total', { result: 'fired' }), 0);
  assert.equal(metricValue(text, 'capstan_audit_write_failures_total'), 1);
});

test('a value outside the enums is counted as "other", never as itself: series stay bounded', async () => {
  const registry = new Registry();
  const metrics = createPromAppMetrics(registry);
  metrics.recordFinished('running' as FinishedRecordState, 'https://evil.example/?id=1' as RecordOrigin);
  metrics.notificationDelivery('channel-0123' as DeliveryOutcome);
  const text = await registry.metrics();
  assert.equal(metricValue(text, 'capstan_deploy_records_finished_total', { state: 'other', origin: 'other' }), 1);
  assert.equal(metricValue(text, 'capstan_notification_deliveries_total', { outcome: 'other' }), 1);
  assert.ok(!text.includes('evil.example') && !text.includes('channel-0123') && !text.includes('"running"'));
});

test('two registries do not share counters (each server counts its own)', async () => {
  const a = new Registry();
  const b = new Registry();
  createPromAppMetrics(a).auditWriteFailed();
  createPromAppMetrics(b);
  assert.equal(metricValue(await a.metrics(), 'capstan_audit_write_failures_total'), 1);
  assert.equal(metricValue(await b.metrics(), 'capstan_audit_write_failures_total'), 0);
});
