/**
 * Rollback quarantine end to end: the real server with a real Worker, a real SQLite store and the loopback
 * Kubernetes API server. Pushes arrive as Distribution notifications through a registry receiver (so both dedupe
 * rules apply as in production), fire an image trigger, and a rollback through the native API takes an image away:
 * re-deliveries of that image must not put it back until the quarantine is released (anchors.md §(d) item 5).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { IMAGE_PUSH_MATCH_JOB } from '../../src/domain/registry-event.ts';
import type { Job } from '../../src/domain/job.ts';
import { deploymentManifest, startKubeApiServer, type KubeApiServer } from '../kube-api-server/index.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';
import { metricValue } from '../helpers/metric-value.ts';

const HOST = 'registry.test:5000';
const SECRET = 'a-shared-secret-value';
const V1 = 'application/vnd.docker.distribution.events.v1+json';
const digest = (c: string): string => `sha256:${c.repeat(64)}`;
const [Z, A, B] = [digest('0'), digest('a'), digest('b')];

interface Delivered {
  readonly status: number;
  readonly body: { status: string; events: { id: string; created: boolean }[] };
}

describe('a rolled-back image stays rolled back', () => {
  let t: TestApp;
  let kube: KubeApiServer;
  let triggerId = '';
  let receiverPath = '';

  before(async () => {
    t = await buildTestApp({ worker: true });
    kube = await startKubeApiServer({ rolloutStepMs: 10, progressDeadlineScale: 0.002 });
    kube.apply(deploymentManifest({ name: 'web', containers: [{ name: 'web', image: `${HOST}/team/web:v0` }] }));
    await kube.settle();
    assert.equal((await api('POST', '/api/v1/clusters', { id: 'loop', name: 'loopback', kubeconfig: kube.kubeconfig })).statusCode, 201);
    const trigger = await api('POST', '/api/v1/image-triggers', {
      name: 'web-release', repository: 'team/web', condition: { method: 'all' }, clusterId: 'loop', namespace: 'default', workloadName: 'web', containerName: 'web',
    });
    assert.equal(trigger.statusCode, 201, trigger.body);
    triggerId = trigger.json().id;
    const receiver = await api('POST', '/api/v1/registry-receivers', { name: 'registry', sender: 'distribution', secret: SECRET });
    assert.equal(receiver.statusCode, 201, receiver.body);
    receiverPath = new URL(receiver.json().url).pathname;
  });
  after(async () => {
    await t.close();
    await kube.close();
  });

  function api(method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) {
    return t.server.inject({ method, url, headers: t.admin, ...(payload ? { payload } : {}) });
  }

  /** A Distribution notification of one manifest push, with a sender event id of its own. */
  async function deliver(tag: string, pushed: string, eventId = randomUUID()): Promise<Delivered> {
    const body = JSON.stringify({
      events: [{
        id: eventId, timestamp: new Date().toISOString(), action: 'push', actor: { name: 'ci' }, request: { host: HOST },
        target: { mediaType: 'application/vnd.oci.image.manifest.v1+json', repository: 'team/web', tag, digest: pushed },
      }],
    });
    const res = await t.server.inject({ method: 'POST', url: receiverPath, headers: { 'content-type': V1, authorization: `Bearer ${SECRET}` }, payload: body });
    return { status: res.statusCode, body: res.json() };
  }

  async function matchJobOf(eventId: string): Promise<Job> {
    for (const deadline = Date.now() + 15_000; ;) {
      const jobs = await t.deps.store.jobs.list(t.accountId, { kind: IMAGE_PUSH_MATCH_JOB, limit: 200 });
      const job = jobs.find((j) => (j.payload as { eventId: string }).eventId === eventId);
      if (job && (job.state === 'succeeded' || job.state === 'failed')) return job;
      assert.ok(Date.now() < deadline, `match job of ${eventId} did not finish`);
      await sleep(20);
    }
  }

  async function settled(recordId: string): Promise<{ state: string; error: string | null }> {
    for (const deadline = Date.now() + 20_000; ;) {
      const record = (await api('GET', `/api/v1/deploy-records/${recordId}`)).json();
      if (['succeeded', 'failed', 'stopped'].includes(record.state)) return record;
      assert.ok(Date.now() < deadline, `record ${recordId} did not finish`);
      await sleep(25);
    }
  }

  /** Delivers a push that must fire; waits for its record to succeed and returns the record id. */
  async function fires(tag: string, pushed: string): Promise<string> {
    const delivered = await deliver(tag, pushed);
    assert.equal(delivered.status, 202, JSON.stringify(delivered.body));
    const eventId = delivered.body.events[0]!.id;
    assert.deepEqual((await matchJobOf(eventId)).result, { found: true, matched: 1, fired: 1, held: 0 });
    const log = (await api('GET', `/api/v1/trigger-logs?triggerId=${triggerId}`)).json().items.find((l: { eventId: string }) => l.eventId === eventId);
    const record = await settled(log.recordId);
    assert.equal(record.state, 'succeeded', record.error ?? '');
    assert.equal(image(), `${HOST}/team/web:${tag}@${pushed}`);
    return log.recordId;
  }

  async function rollBackTo(recordId: string, body?: object): Promise<string> {
    const res = await api('POST', `/api/v1/deploy-records/${recordId}/rollback`, body);
    assert.equal(res.statusCode, 202, res.body);
    const record = await settled(res.json().id);
    assert.equal(record.state, 'succeeded', record.error ?? '');
    return res.json().id;
  }

  const quarantine = async () => (await api('GET', `/api/v1/image-triggers/${triggerId}/quarantine`)).json().items as Record<string, unknown>[];
  const image = () => {
    const deployment = kube.get('apps/v1', 'Deployment', 'default', 'web') as { spec: { template: { spec: { containers: { name: string; image: string }[] } } } };
    return deployment.spec.template.spec.containers.find((c) => c.name === 'web')?.image;
  };
  const ccrLogCount = async () => {
    const res = await t.server.inject({ method: 'GET', url: '/v2/index.php?Action=ListTriggerLog&reponame=team/web', headers: t.admin });
    return res.json().data.totalCount as number;
  };

  let recordZ = '';
  let recordA = '';
  let recordB = '';
  let entryId = '';

  test('push A over Z, roll back to Z: Z runs again and A is quarantined for the trigger', async () => {
    recordZ = await fires('v1', Z);
    recordA = await fires('v2', A);
    const rollbackId = await rollBackTo(recordZ);
    assert.equal(image(), `${HOST}/team/web:v1@${Z}`, 'the rollback restored Z');
    const [entry, ...rest] = await quarantine();
    assert.deepEqual(rest, []);
    assert.deepEqual(
      { matchBy: entry!.matchBy, digest: entry!.digest, tag: entry!.tag, recordId: entry!.recordId, rollbackRecordId: entry!.rollbackRecordId, heldCount: entry!.heldCount },
      { matchBy: 'digest', digest: A, tag: 'v2', recordId: recordA, rollbackRecordId: rollbackId, heldCount: 0 },
    );
    entryId = String(entry!.id);
  });

  test('the same notification under a new sender id is a duplicate by (repository, tag, digest): it never reaches matching', async () => {
    const again = await deliver('v2', A);
    assert.equal(again.status, 200);
    assert.deepEqual([again.body.status, again.body.events[0]!.created], ['duplicate', false]);
  });

  test('A pushed again under another tag (the same image re-tagged: a new push) does not fire, and the native API says why', async () => {
    const logsBefore = await ccrLogCount();
    const firings = async (result: string) =>
      metricValue((await t.server.inject({ method: 'GET', url: '/metrics' })).body, 'capstan_image_trigger_firings_total', { result }) ?? NaN;
    const [firedBefore, heldBefore] = [await firings('fired'), await firings('held')];
    const delivered = await deliver('latest', A);
    assert.equal(delivered.status, 202, 'accepted: it is a new push');
    const eventId = delivered.body.events[0]!.id;
    assert.deepEqual((await matchJobOf(eventId)).result, { found: true, matched: 1, fired: 0, held: 1 });
    assert.deepEqual([(await firings('fired')) - firedBefore, (await firings('held')) - heldBefore], [0, 1], '/metrics counts the hold');

    const event = (await api('GET', `/api/v1/registry-events/${eventId}`)).json();
    assert.equal(event.heldBack.length, 1);
    const [held] = event.heldBack;
    assert.deepEqual([held.triggerId, held.quarantineEntryId, held.subject], [triggerId, entryId, A]);
    assert.match(held.message, new RegExp(`Not fired: digest ${A} is quarantined for image trigger web-release .*undid deploy record ${recordA}`));
    const listed = (await api('GET', '/api/v1/registry-events?repository=team/web')).json().items.find((e: { id: string }) => e.id === eventId);
    assert.deepEqual(listed.heldBack, event.heldBack);
    const [entry] = await quarantine();
    assert.deepEqual([entry!.heldCount, entry!.lastHeldEventId], [1, eventId]);

    assert.equal(await ccrLogCount(), logsBefore, 'ListTriggerLog lists firings only: the seed shape is unchanged');
    const native = (await api('GET', `/api/v1/trigger-logs?triggerId=${triggerId}`)).json().items;
    assert.equal(native.some((l: { eventId: string }) => l.eventId === eventId), false);
    await sleep(300);
    assert.equal(image(), `${HOST}/team/web:v1@${Z}`, 'still rolled back');
    const records = (await api('GET', `/api/v1/deploy-records?triggerId=${triggerId}`)).json().items;
    assert.equal(records.length, 2, 'no record for the held push');
  });

  test('a push of another digest fires as usual', async () => {
    recordB = await fires('v3', B);
  });

  test('released, a new delivery of A fires again', async () => {
    const released = await api('DELETE', `/api/v1/image-triggers/${triggerId}/quarantine/${entryId}`);
    assert.equal(released.statusCode, 204, released.body);
    assert.deepEqual(await quarantine(), []);
    await fires('stable', A);
  });

  test('quarantine: false rolls back without quarantining: the image rolled away from fires on its next delivery', async () => {
    await rollBackTo(recordB, { quarantine: false });
    assert.equal(image(), `${HOST}/team/web:v3@${B}`);
    assert.deepEqual(await quarantine(), []);
    await fires('again', A);
  });
});
