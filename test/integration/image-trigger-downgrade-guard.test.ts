/**
 * The no-downgrade guard end to end (domain/downgrade-guard.ts): the real server with a real Worker, a real SQLite
 * store and the loopback Kubernetes API server. The trigger is native (so the guard is on by default); pushes are
 * accepted the way registry ingestion does, and outcomes are read from the native log, the Tencent ListTriggerLog,
 * the deploy record and the workload itself.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { acceptPushes } from '../../src/app/registry/accept-pushes.ts';
import type { ImagePushEvent } from '../../src/domain/image-push-event.ts';
import { deploymentManifest, startKubeApiServer, type KubeApiServer } from '../kube-api-server/index.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

const HOST = 'registry.test:5000';
const GUARDED = 'Not deployed: v1.4.0 is older than the running v1.5.0 (no-downgrade guard; set allowDowngrade on the trigger to allow it)';

interface LogRow {
  readonly eventId: string;
  readonly tag: string;
  readonly recordId: string | null;
  readonly status: string;
  readonly result: { readonly returnCode: number; readonly returnMsg: string };
}

describe('the no-downgrade guard keeps an older tag from rolling a workload back', () => {
  let t: TestApp;
  let kube: KubeApiServer;
  let triggerId: string;

  before(async () => {
    t = await buildTestApp({ worker: true });
    kube = await startKubeApiServer({ rolloutStepMs: 10, progressDeadlineScale: 0.002 });
    kube.apply(deploymentManifest({ name: 'api', containers: [{ name: 'api', image: `${HOST}/team/api:v1.0.0` }] }));
    await kube.settle();
    const cluster = await t.server.inject({ method: 'POST', url: '/api/v1/clusters', headers: t.admin, payload: { id: 'loop', name: 'loopback', kubeconfig: kube.kubeconfig } });
    assert.equal(cluster.statusCode, 201, cluster.body);
    const created = await t.server.inject({
      method: 'POST', url: '/api/v1/image-triggers', headers: t.admin,
      payload: { name: 'api-release', repository: 'team/api', condition: { method: 'all' }, clusterId: 'loop', namespace: 'default', workloadName: 'api', containerName: 'api' },
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().allowDowngrade, false, 'native triggers guard by default');
    triggerId = created.json().id;
  });
  after(async () => {
    await t.close();
    await kube.close();
  });

  function aPush(tag: string): ImagePushEvent {
    return {
      sender: 'distribution', eventId: randomUUID(), dedupeKey: randomUUID(), registryHost: HOST, repository: 'team/api', tag,
      digest: `sha256:${randomUUID().replaceAll('-', '').repeat(2)}`, mediaType: 'application/vnd.oci.image.manifest.v1+json',
      pushedAt: Date.now(), actor: 'ci',
    };
  }

  /** Pushes `tag` as registry ingestion does and waits for its firing to settle in the native log. */
  async function pushAndSettle(tag: string): Promise<LogRow> {
    const [accepted] = await t.deps.store.transaction((tx) =>
      acceptPushes(t.deps, tx, { accountId: t.accountId, source: 'webhook', sourceId: 'test-receiver', receivedAt: Date.now() }, [aPush(tag)]));
    assert.ok(accepted?.created);
    const deadline = Date.now() + 20_000;
    for (;;) {
      const res = await t.server.inject({ method: 'GET', url: '/api/v1/trigger-logs?repository=team/api', headers: t.admin });
      assert.equal(res.statusCode, 200, res.body);
      const row = (res.json().items as LogRow[]).find((l) => l.eventId === accepted.event.id);
      if (row && row.status !== 'pending') return row;
      assert.ok(Date.now() < deadline, `the firing of ${tag} did not settle: ${res.body}`);
      await sleep(50);
    }
  }

  const running = (): string | undefined => {
    const deployment = kube.get('apps/v1', 'Deployment', 'default', 'api') as { spec: { template: { spec: { containers: { name: string; image: string }[] } } } };
    return deployment.spec.template.spec.containers.find((c) => c.name === 'api')?.image;
  };

  const deployed = (row: LogRow, tag: string): void => {
    assert.equal(row.status, 'succeeded', JSON.stringify(row));
    assert.deepEqual(row.result, { returnCode: 0, returnMsg: 'ok' });
    assert.ok(running()?.startsWith(`${HOST}/team/api:${tag}@sha256:`), `${tag} runs, not ${running()}`);
  };

  test('v1.5.0 deploys; a late v1.4.0 is not deployed, and the record succeeds saying why', async () => {
    deployed(await pushAndSettle('v1.5.0'), 'v1.5.0');
    const onFive = running();

    const row = await pushAndSettle('v1.4.0');
    assert.equal(running(), onFive, 'the workload stays on v1.5.0');
    assert.equal(row.status, 'succeeded');
    assert.deepEqual(row.result, { returnCode: 0, returnMsg: GUARDED });
    assert.ok(row.recordId);
    const record = await t.deps.store.records.get(t.accountId, row.recordId);
    assert.ok(record);
    assert.equal(record.state, 'succeeded');
    assert.equal(record.error, null);
    assert.equal(record.plan[0]?.type === 'set-image' && record.plan[0].unlessDowngrade, true);
    assert.equal(record.steps[0]?.message, GUARDED);
    assert.equal(record.steps[0]?.workloads[0]?.message, GUARDED);
    assert.deepEqual(await t.deps.store.records.changes(record.id), [], 'nothing was written, so there is nothing to roll back');

    // The Tencent log shows the same outcome, in the seed's exact row shape.
    const query = new URLSearchParams({ Action: 'ListTriggerLog', reponame: 'team/api' });
    const tencent = (await t.server.inject({ method: 'GET', url: `/v2/index.php?${query}`, headers: t.admin })).json();
    const guarded = tencent.data.logInfo.find((l: { tagName: string }) => l.tagName === 'v1.4.0');
    assert.deepEqual(Object.keys(guarded).sort(), ['invokeAction', 'invokeCondition', 'invokePara', 'invokeResult', 'invokeSource', 'invokeTime', 'repoName', 'tagName', 'triggerName']);
    assert.deepEqual(guarded.invokeResult, { returnCode: 0, returnMsg: GUARDED });
  });

  test('a pre-release of the running version is older too; a higher version deploys', async () => {
    const row = await pushAndSettle('v1.5.0-rc.1');
    assert.match(row.result.returnMsg, /^Not deployed: v1\.5\.0-rc\.1 is older than the running v1\.5\.0/);
    assert.ok(running()?.startsWith(`${HOST}/team/api:v1.5.0@`));
    deployed(await pushAndSettle('v1.6.0'), 'v1.6.0');
  });

  test('tags that are not semantic versions are deployed as without the guard, either way round', async () => {
    deployed(await pushAndSettle('sha-abc1234'), 'sha-abc1234');
    deployed(await pushAndSettle('v1.4.0'), 'v1.4.0');
    deployed(await pushAndSettle('latest'), 'latest');
    deployed(await pushAndSettle('v2.0.0'), 'v2.0.0');
  });

  test('with allowDowngrade true an older tag is deployed', async () => {
    const patched = await t.server.inject({ method: 'PATCH', url: `/api/v1/image-triggers/${triggerId}`, headers: t.admin, payload: { allowDowngrade: true } });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.equal(patched.json().allowDowngrade, true);
    const row = await pushAndSettle('v1.4.0');
    deployed(row, 'v1.4.0');
    const record = await t.deps.store.records.get(t.accountId, row.recordId as string);
    assert.equal(record?.plan[0]?.type === 'set-image' && record.plan[0].unlessDowngrade, undefined, 'the plan carries no guard');
  });
});
