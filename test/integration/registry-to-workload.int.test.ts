/**
 * Issue #5 end to end, with nothing in between faked: the real Debian `docker-registry` (CNCF Distribution) on
 * loopback, pushed to with plain HTTP calls; its own notifications delivered to a Capstan receiver (shared secret in
 * the `Authorization` header the registry sends); Capstan listening on loopback with a real worker; the loopback
 * Kubernetes API server running the Deployment. The trigger is written and its log read through the Tencent CCR
 * API 2.0 surface.
 *
 * - a push of `v1` pins the container to `<host>/<repo>:v1@<digest>`, the rollout completes, and ListTriggerLog
 *   shows one row in the seed's exact shape (/work/shared/seeds/ccr-list-trigger-log.txt) with returnCode 0;
 * - a tag outside the condition is matched and fires nothing: no log row, the workload untouched;
 * - the registry's own delivery replayed byte for byte (and the same image re-pushed) still fires once;
 * - with webhooks off, a watched repository polling a second registry picks up a new tag matching another
 *   (regex) trigger and updates the workload.
 *
 * Between the registry and Capstan sits a small relay that forwards each delivery unchanged and keeps the ones
 * holding a manifest push: the simplest honest way to redeliver exactly what the registry sent.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Job } from '../../src/domain/job.ts';
import { IMAGE_PUSH_MATCH_JOB } from '../../src/domain/registry-event.ts';
import { dockerRegistrySkipReason, startDockerRegistry, type DockerRegistry, type PushedImage } from '../helpers/docker-registry.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';
import { deploymentManifest, startKubeApiServer, type KubeApiServer } from '../kube-api-server/index.ts';
import { until } from '../helpers/until.ts';

const skip = dockerRegistrySkipReason();
const NOTIFY_SECRET = 'registry-to-workload-secret-7f3a';
const REPO = 'shop/web';
const CLUSTER = 'loop';

interface Delivery {
  readonly headers: Record<string, string>;
  readonly body: Buffer;
  readonly status: number;
  readonly tags: readonly string[];
}

interface LogInfo {
  readonly triggerName: string;
  readonly tagName: string;
  readonly invokeTime: string;
  readonly invokeCondition: { readonly invokeMethod: string; readonly invokeExpr: string };
  readonly invokeResult: { readonly returnCode: number; readonly returnMsg: string };
}

interface ListTriggerLogAnswer {
  readonly code: number;
  readonly message: string;
  readonly codeDesc: string;
  readonly data: { readonly logInfo: LogInfo[]; readonly totalCount: number };
}

interface DeploymentObject {
  metadata: { generation: number };
  spec: { replicas: number; template: { spec: { containers: { name: string; image: string }[] } } };
  status?: {
    observedGeneration?: number; replicas?: number; updatedReplicas?: number; readyReplicas?: number;
    availableReplicas?: number; unavailableReplicas?: number; conditions?: { type: string; status: string; reason: string }[];
  };
}

/** Tags of the manifest pushes in a Distribution envelope (the registry also notifies blob pushes and pulls). */
function manifestPushTags(body: Buffer): string[] {
  const { events } = JSON.parse(body.toString('utf8')) as { events: { action: string; target: { mediaType: string; tag?: string } }[] };
  return events.filter((e) => e.action === 'push' && e.target.mediaType.includes('manifest') && e.target.tag).map((e) => e.target.tag as string);
}

describe('a registry push updates a workload through an image trigger (real docker-registry)', { skip }, () => {
  let t: TestApp;
  let kube: KubeApiServer;
  let registry: DockerRegistry;
  let relay: Server;
  let deliveryUrl: string;
  const deliveries: Delivery[] = [];
  const extraRegistries: DockerRegistry[] = [];
  let v1: PushedImage;

  before(async () => {
    t = await buildTestApp({ worker: true });
    const base = await t.server.listen({ host: '127.0.0.1', port: 0 });
    kube = await startKubeApiServer({ rolloutStepMs: 10 });

    const receiver = await api('POST', '/api/v1/registry-receivers', { name: 'local-distribution', sender: 'distribution', secret: NOTIFY_SECRET });
    assert.equal(receiver.statusCode, 201, receiver.body);
    deliveryUrl = `${base}${new URL(receiver.json().url as string).pathname}`;
    relay = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const headers = { 'content-type': req.headers['content-type'] ?? '', authorization: req.headers.authorization ?? '' };
        fetch(deliveryUrl, { method: 'POST', headers, body }).then(async (answer) => {
          await answer.arrayBuffer();
          const tags = manifestPushTags(body);
          if (tags.length > 0) deliveries.push({ headers, body, status: answer.status, tags });
          res.writeHead(answer.status).end();
        }, () => res.writeHead(502).end());
      });
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    registry = await startDockerRegistry({
      notifyUrl: `http://127.0.0.1:${(relay.address() as AddressInfo).port}/`,
      notifyHeaders: { Authorization: `Bearer ${NOTIFY_SECRET}` },
    });

    kube.apply(deploymentManifest({
      name: 'web', replicas: 2,
      containers: [{ name: 'web', image: `${registry.host}/${REPO}:v0` }, { name: 'sidecar', image: 'registry.example/proxy:1' }],
    }));
    await kube.settle();
    const cluster = await api('POST', '/api/v1/clusters', { id: CLUSTER, name: 'loopback', kubeconfig: kube.kubeconfig });
    assert.equal(cluster.statusCode, 201, cluster.body);
  });

  after(async () => {
    for (const r of [registry, ...extraRegistries]) await r?.close();
    if (relay) await new Promise<void>((resolve) => relay.close(() => resolve()));
    await t?.close();
    await kube?.close();
  });

  function api(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
    return t.server.inject({ method, url, headers: t.admin, ...(payload ? { payload } : {}) });
  }

  /** A Tencent CCR API 2.0 call (parameters in the query string, as the seed's samples). */
  async function ccr<T = { code: number; codeDesc: string; message: string }>(params: Record<string, string | number>): Promise<T> {
    const query = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
    const res = await t.server.inject({ method: 'GET', url: `/v2/index.php?${query}`, headers: t.admin });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as T;
  }

  const listTriggerLog = () => ccr<ListTriggerLogAnswer>({ Action: 'ListTriggerLog', reponame: REPO });

  /** Waits until a row matching `predicate` has finished (returnCode -1 means "not finished yet"). */
  async function finishedLogRow(predicate: (l: LogInfo) => boolean): Promise<{ answer: ListTriggerLogAnswer; row: LogInfo }> {
    return until('a finished trigger log row', async () => {
      const answer = await listTriggerLog();
      const row = answer.data.logInfo.find((l) => predicate(l) && l.invokeResult.returnCode !== -1);
      return row ? { answer, row } : null;
    });
  }

  const deployment = () => kube.get('apps/v1', 'Deployment', 'default', 'web') as unknown as DeploymentObject;
  const image = (container: string) => deployment().spec.template.spec.containers.find((c) => c.name === container)?.image;

  const eventsOf = async (tag: string) => {
    const res = await api('GET', `/api/v1/registry-events?repository=${encodeURIComponent(REPO)}&limit=200`);
    assert.equal(res.statusCode, 200, res.body);
    return (res.json().items as { id: string; tag: string; source: string; sourceId: string; digest: string; registryHost: string }[])
      .filter((e) => e.tag === tag);
  };
  const matchJobsOf = async (eventIds: readonly string[]): Promise<Job[]> =>
    (await t.deps.store.jobs.list(t.accountId, { limit: 500, kind: IMAGE_PUSH_MATCH_JOB }))
      .filter((j) => eventIds.includes((j.payload as { eventId: string }).eventId));
  const recordsOfTrigger = async (name: string) => {
    const trigger = await t.deps.store.imageTriggers.getByName(t.accountId, name);
    assert.ok(trigger, `trigger ${name} exists`);
    return (await t.deps.store.records.list(t.accountId, { limit: 50, triggerId: trigger.id })).items;
  };

  /** The Deployment's rollout is complete, as `kubectl rollout status` decides it. */
  function assertRolledOut(): void {
    const d = deployment();
    const s = d.status ?? {};
    assert.equal(s.observedGeneration, d.metadata.generation, 'the controller saw the new template');
    assert.deepEqual(
      [s.replicas, s.updatedReplicas, s.readyReplicas, s.availableReplicas, s.unavailableReplicas ?? 0],
      [d.spec.replicas, d.spec.replicas, d.spec.replicas, d.spec.replicas, 0],
    );
    assert.equal(s.conditions?.find((c) => c.type === 'Progressing')?.reason, 'NewReplicaSetAvailable');
  }

  test('a push of v1 pins the container to the pushed digest, the rollout completes, and ListTriggerLog shows it as the seed does', async () => {
    const created = await ccr({
      Action: 'AddUpdateServiceTrigger', triggerName: 'web-release', reponame: REPO, invokeMethod: 'taglist', invokeExpr: 'v1',
      serviceName: 'web', clusterId: CLUSTER, namespace: 'default', containerName: 'web', clusterRegion: 1,
    });
    assert.equal(created.code, 0, created.message);

    v1 = await registry.push(REPO, 'v1');
    const { answer, row } = await finishedLogRow((l) => l.tagName === 'v1');
    assert.deepEqual(row.invokeResult, { returnCode: 0, returnMsg: 'ok' }, registry.logs().slice(-2_000));

    const pinned = `${registry.host}/${REPO}:v1@${v1.digest}`;
    assert.match(pinned, /^127\.0\.0\.1:\d+\/shop\/web:v1@sha256:[0-9a-f]{64}$/);
    assert.equal(image('web'), pinned);
    assert.equal(image('sidecar'), 'registry.example/proxy:1', 'only the trigger\'s container changes');
    assertRolledOut();

    // Exactly the seed's envelope and row, field for field.
    assert.deepEqual(Object.keys(answer).sort(), ['code', 'codeDesc', 'data', 'message']);
    assert.deepEqual([answer.code, answer.codeDesc, answer.message], [0, 'Success', '']);
    assert.deepEqual(Object.keys(answer.data).sort(), ['logInfo', 'totalCount']);
    assert.equal(answer.data.totalCount, 1);
    assert.equal(answer.data.logInfo.length, 1);
    assert.match(row.invokeTime, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    assert.deepEqual({ ...row, invokeTime: '<time>' }, {
      repoName: REPO, tagName: 'v1', triggerName: 'web-release', invokeSource: 'IMAGE_PUSH', invokeAction: 'SERVICE_UPDATE', invokeTime: '<time>',
      invokeCondition: { invokeMethod: 'taglist', invokeExpr: 'v1' },
      invokePara: { appId: t.accountId, clusterId: CLUSTER, namespace: 'default', serviceName: 'web', containerName: 'web', clusterRegion: 1 },
      invokeResult: { returnCode: 0, returnMsg: 'ok' },
    });

    // It came in through the registry's own notification, and became one deploy record that succeeded.
    const [event] = await eventsOf('v1');
    assert.ok(event);
    assert.deepEqual([event.source, event.registryHost, event.digest], ['webhook', registry.host, v1.digest]);
    const records = await recordsOfTrigger('web-release');
    assert.deepEqual(records.map((r) => [r.type, r.origin, r.state]), [['trigger', 'image-push', 'succeeded']]);
  });

  test('a tag outside the condition is matched, fires nothing and leaves the workload alone', async () => {
    const before = await listTriggerLog();
    const generation = deployment().metadata.generation;
    await registry.push(REPO, 'v2', 'not a release');
    const [event] = await until('the v2 event', async () => {
      const events = await eventsOf('v2');
      return events.length > 0 ? events : null;
    });
    assert.ok(event);
    const job = await until('the v2 match job to finish', async () =>
      (await matchJobsOf([event.id])).find((j) => j.state === 'succeeded' || j.state === 'failed'));
    assert.equal(job.state, 'succeeded');
    assert.deepEqual(job.result, { found: true, matched: 0, fired: 0, held: 0 });
    assert.deepEqual(await listTriggerLog(), before);
    assert.equal(image('web'), `${registry.host}/${REPO}:v1@${v1.digest}`);
    assert.equal(deployment().metadata.generation, generation);
  });

  test('the registry\'s v1 notification delivered twice (and the same image re-pushed) fires once', async () => {
    const delivery = await until('the recorded v1 delivery', async () => deliveries.find((d) => d.tags.includes('v1')));
    assert.equal(delivery.status, 202, 'the first delivery was accepted');
    assert.equal(delivery.headers.authorization, `Bearer ${NOTIFY_SECRET}`, 'the registry sends the receiver\'s secret');

    const replay = await fetch(deliveryUrl, { method: 'POST', headers: delivery.headers, body: delivery.body });
    assert.equal(replay.status, 200);
    const replayed = (await replay.json()) as { status: string; events: { id: string; created: boolean }[] };
    assert.equal(replayed.status, 'duplicate');

    // A re-push of the identical image: a new notification (new event id), the same (repository, tag, digest).
    const seen = deliveries.length;
    const again = await registry.push(REPO, 'v1');
    assert.equal(again.digest, v1.digest);
    const repush = await until('the re-push notification', async () => deliveries.slice(seen).find((d) => d.tags.includes('v1')));
    assert.equal(repush.status, 200, 'acknowledged as a duplicate');

    const events = await eventsOf('v1');
    assert.equal(events.length, 1);
    assert.deepEqual(replayed.events, [{ id: events[0]?.id, created: false }], 'the replay names the stored event and adds none');
    assert.equal((await matchJobsOf(events.map((e) => e.id))).length, 1);
    const log = await listTriggerLog();
    assert.equal(log.data.totalCount, 1);
    assert.equal(log.data.logInfo.filter((l) => l.tagName === 'v1').length, 1);
    assert.equal((await recordsOfTrigger('web-release')).length, 1);
    assert.equal(image('web'), `${registry.host}/${REPO}:v1@${v1.digest}`);
  });

  test('with webhooks off, a watched repository picks up a new tag matching another trigger and updates the workload', async () => {
    const quiet = await startDockerRegistry();
    extraRegistries.push(quiet);
    const created = await ccr({
      Action: 'AddUpdateServiceTrigger', triggerName: 'web-candidates', reponame: REPO, invokeMethod: 'regex', invokeExpr: '^release-[0-9]+$',
      serviceName: 'web', clusterId: CLUSTER, namespace: 'default', containerName: 'web', clusterRegion: 1,
    });
    assert.equal(created.code, 0, created.message);

    await quiet.push(REPO, 'base', 'existing before the watch');
    const watch = await api('POST', '/api/v1/watched-repositories', { name: 'quiet-web', registryUrl: quiet.url, repository: REPO, intervalSeconds: 1 });
    assert.equal(watch.statusCode, 201, watch.body);
    const watchId = watch.json().id as string;
    await until('the baseline poll', async () => (await api('GET', `/api/v1/watched-repositories/${watchId}`)).json().trackedTags === 1);

    const release = await quiet.push(REPO, 'release-7', 'release candidate');
    const { answer, row } = await finishedLogRow((l) => l.triggerName === 'web-candidates');
    assert.deepEqual(row.invokeResult, { returnCode: 0, returnMsg: 'ok' });
    assert.deepEqual([row.tagName, row.invokeCondition], ['release-7', { invokeMethod: 'regex', invokeExpr: '^release-[0-9]+$' }]);
    assert.equal(image('web'), `${quiet.host}/${REPO}:release-7@${release.digest}`);
    assertRolledOut();
    assert.equal(answer.data.totalCount, 2, 'v1 earlier, release-7 now; the taglist trigger did not fire');

    const [event] = await eventsOf('release-7');
    assert.ok(event);
    assert.deepEqual([event.source, event.sourceId, event.registryHost, event.digest], ['poll', watchId, quiet.host, release.digest]);
    assert.deepEqual((await eventsOf('base')), [], 'the baseline reports nothing');
    assert.equal((await api('PATCH', `/api/v1/watched-repositories/${watchId}`, { enabled: false })).statusCode, 200);
  });
});
