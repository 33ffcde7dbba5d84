/**
 * Image-trigger firing end to end: the real server with a real Worker (every registered job handler), a real
 * SQLite store and the loopback Kubernetes API server. A push is accepted the way registry ingestion does
 * (acceptPushes: the event and its `image-push.match` job in one transaction); the trigger is written through the
 * Tencent 2.0 surface and its firing read back through ListTriggerLog.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { acceptPushes } from '../../src/app/registry/accept-pushes.ts';
import type { ImagePushEvent } from '../../src/domain/image-push-event.ts';
import { IMAGE_PUSH_MATCH_JOB, type RegistryEvent } from '../../src/domain/registry-event.ts';
import type { Job } from '../../src/domain/job.ts';
import { deploymentManifest, startKubeApiServer, type KubeApiServer } from '../kube-api-server/index.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

const HOST = 'registry.test:5000';
const DIGEST_V1 = `sha256:${'1a'.repeat(32)}`;

describe('image triggers fire on matching pushes', () => {
  let t: TestApp;
  let kube: KubeApiServer;

  before(async () => {
    t = await buildTestApp({ worker: true });
    kube = await startKubeApiServer({ rolloutStepMs: 10, progressDeadlineScale: 0.002 });
    kube.apply(deploymentManifest({ name: 'web', containers: [{ name: 'web', image: `${HOST}/team/web:v0` }, { name: 'sidecar', image: 'registry.example/proxy:1' }] }));
    await kube.settle();
    const cluster = await t.server.inject({ method: 'POST', url: '/api/v1/clusters', headers: t.admin, payload: { id: 'loop', name: 'loopback', kubeconfig: kube.kubeconfig } });
    assert.equal(cluster.statusCode, 201, cluster.body);
    const created = await v2({
      Action: 'AddUpdateServiceTrigger', triggerName: 'web-release', reponame: 'team/web', invokeMethod: 'taglist', invokeExpr: 'v1;v2;v9-fail',
      serviceName: 'web', clusterId: 'loop', namespace: 'default', containerName: 'web', clusterRegion: 1,
    });
    assert.equal(created.code, 0, created.message);
  });
  after(async () => {
    await t.close();
    await kube.close();
  });

  async function v2(params: Record<string, string | number>) {
    const query = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
    const res = await t.server.inject({ method: 'GET', url: `/v2/index.php?${query}`, headers: t.admin });
    assert.equal(res.statusCode, 200);
    return res.json();
  }

  const logs = () => v2({ Action: 'ListTriggerLog', reponame: 'team/web' });

  function aPush(tag: string, overrides: Partial<ImagePushEvent> = {}): ImagePushEvent {
    return {
      sender: 'distribution', eventId: randomUUID(), dedupeKey: randomUUID(), registryHost: HOST, repository: 'team/web', tag,
      digest: `sha256:${randomUUID().replaceAll('-', '').repeat(2)}`, mediaType: 'application/vnd.oci.image.manifest.v1+json',
      pushedAt: Date.now(), actor: 'ci', ...overrides,
    };
  }

  /** Accepts a push as registry ingestion does; returns the stored event. */
  async function push(p: ImagePushEvent): Promise<RegistryEvent> {
    const [accepted] = await t.deps.store.transaction((tx) =>
      acceptPushes(t.deps, tx, { accountId: t.accountId, source: 'webhook', sourceId: 'test-receiver', receivedAt: Date.now() }, [p]));
    assert.ok(accepted?.created);
    return accepted.event;
  }

  async function matchJobOf(eventId: string, except: readonly string[] = []): Promise<Job> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const jobs = await t.deps.store.jobs.list(t.accountId, { kind: IMAGE_PUSH_MATCH_JOB, limit: 200 });
      const job = jobs.find((j) => (j.payload as { eventId: string }).eventId === eventId && !except.includes(j.id));
      if (job && (job.state === 'succeeded' || job.state === 'failed')) return job;
      assert.ok(Date.now() < deadline, `match job of ${eventId} did not finish`);
      await sleep(20);
    }
  }

  interface LogInfo {
    readonly tagName: string;
    readonly invokeTime: string;
    readonly invokeResult: { readonly returnCode: number; readonly returnMsg: string };
  }

  async function logEventually(predicate: (log: LogInfo) => boolean): Promise<{ res: { data: { totalCount: number; logInfo: LogInfo[] } }; found: LogInfo }> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const res = await logs();
      const found = (res.data.logInfo as LogInfo[]).find(predicate);
      if (found) return { res, found };
      assert.ok(Date.now() < deadline, `no such log row: ${JSON.stringify(res.data.logInfo)}`);
      await sleep(50);
    }
  }

  const image = (container: string) => {
    const deployment = kube.get('apps/v1', 'Deployment', 'default', 'web') as { spec: { template: { spec: { containers: { name: string; image: string }[] } } } };
    return deployment.spec.template.spec.containers.find((c) => c.name === container)?.image;
  };

  test('a push of v1 sets the container to the pinned image and logs returnCode 0 in the seed\'s shape', async () => {
    const event = await push(aPush('v1', { digest: DIGEST_V1 }));
    const { res, found } = await logEventually((l) => l.tagName === 'v1' && l.invokeResult.returnCode === 0);
    assert.equal(image('web'), `${HOST}/team/web:v1@${DIGEST_V1}`);
    assert.equal(image('sidecar'), 'registry.example/proxy:1', 'only the trigger\'s container changes');
    assert.deepEqual(Object.keys(res).sort(), ['code', 'codeDesc', 'data', 'message']);
    assert.equal(res.data.totalCount, 1);
    assert.match(found.invokeTime, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    assert.deepEqual({ ...found, invokeTime: 'x' }, {
      repoName: 'team/web', tagName: 'v1', triggerName: 'web-release', invokeSource: 'IMAGE_PUSH', invokeAction: 'SERVICE_UPDATE', invokeTime: 'x',
      invokeCondition: { invokeMethod: 'taglist', invokeExpr: 'v1;v2;v9-fail' },
      invokePara: { appId: t.accountId, clusterId: 'loop', namespace: 'default', serviceName: 'web', containerName: 'web', clusterRegion: 1 },
      invokeResult: { returnCode: 0, returnMsg: 'ok' },
    });

    // The firing is a deploy record of the trigger, and the native log links them.
    const native = (await t.server.inject({ method: 'GET', url: '/api/v1/trigger-logs?repository=team/web', headers: t.admin })).json();
    const [row] = native.items;
    assert.equal(row.eventId, event.id);
    assert.equal(row.image, `${HOST}/team/web:v1@${DIGEST_V1}`);
    assert.equal(row.status, 'succeeded');
    const record = await t.deps.store.records.get(t.accountId, row.recordId);
    assert.ok(record);
    assert.deepEqual([record.type, record.origin, record.hookAction, record.state], ['trigger', 'image-push', 'update-image', 'succeeded']);
    const trigger = await t.deps.store.imageTriggers.getByName(t.accountId, 'web-release');
    assert.equal(record.triggerId, trigger?.id);
  });

  test('a tag outside the condition fires nothing and logs nothing', async () => {
    const before = await logs();
    const event = await push(aPush('v3'));
    const job = await matchJobOf(event.id);
    assert.equal(job.state, 'succeeded');
    assert.deepEqual(job.result, { found: true, matched: 0, fired: 0, held: 0 });
    assert.deepEqual(await logs(), before);
    assert.equal(image('web'), `${HOST}/team/web:v1@${DIGEST_V1}`);
  });

  test('the same event matched twice (a redelivered job) fires once', async () => {
    const event = await push(aPush('v2'));
    const first = await matchJobOf(event.id);
    assert.deepEqual(first.result, { found: true, matched: 1, fired: 1, held: 0 });
    // The job runs again, as after a crash between its commit and its completion.
    await t.deps.store.transaction((tx) => tx.jobs.enqueue({ accountId: t.accountId, kind: IMAGE_PUSH_MATCH_JOB, payload: { eventId: event.id } }));
    const second = await matchJobOf(event.id, [first.id]);
    assert.deepEqual(second.result, { found: true, matched: 1, fired: 0, held: 0 });
    const { res } = await logEventually((l) => l.tagName === 'v2' && l.invokeResult.returnCode === 0);
    assert.equal(res.data.logInfo.filter((l) => l.tagName === 'v2').length, 1);
    const trigger = await t.deps.store.imageTriggers.getByName(t.accountId, 'web-release');
    const records = await t.deps.store.records.list(t.accountId, { limit: 50, triggerId: trigger?.id as string });
    assert.equal(records.items.length, 2, 'v1 and v2: one record each');
    assert.ok(image('web')?.startsWith(`${HOST}/team/web:v2@sha256:`));
  });

  test('a failed rollout is logged with the record\'s reason; a push without a registry host fails with a clear message', async () => {
    await push(aPush('v9-fail'));
    const { found: failed } = await logEventually((l) => l.tagName === 'v9-fail' && l.invokeResult.returnCode !== -1);
    assert.equal(failed.invokeResult.returnCode, 1);
    assert.match(failed.invokeResult.returnMsg, /set image of web to v9-fail.*exceeded its progress deadline/);

    const hostless = await push(aPush('v1', { sender: 'jfrog', registryHost: null, digest: null }));
    const job = await matchJobOf(hostless.id);
    assert.deepEqual(job.result, { found: true, matched: 1, fired: 1, held: 0 });
    const native = (await t.server.inject({ method: 'GET', url: `/api/v1/trigger-logs?status=failed&repository=team/web`, headers: t.admin })).json();
    const row = native.items.find((l: { eventId: string }) => l.eventId === hostless.id);
    assert.equal(row.recordId, null);
    assert.equal(row.image, null);
    assert.deepEqual(row.result.returnCode, 1);
    assert.match(row.result.returnMsg, /did not say which registry it came from/);
  });
});
