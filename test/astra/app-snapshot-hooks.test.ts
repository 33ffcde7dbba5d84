/**
 * The hook runner around application snapshots, end to end: Astra API → stored operation and job → real worker →
 * loopback Kubernetes API server, whose pods/exec runs the hook scripts as real local processes, and whose
 * storage controller makes the VolumeSnapshots ready. Order is read from the API server's request log.
 */
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { RequestLogEntry } from '../kube-api-server/index.ts';
import { NAMESPACE, applyClaim, applyPod, astraWorld, b64, logLines, loggingScript, waitFor, waitReady, type AstraWorld } from './astra-world.ts';

interface Snap {
  id: string;
  state: string;
  stateUnready: string[];
  hookState?: string;
  hookStateDetails?: { type: string; title: string; detail: string; additionalDetails: Record<string, string> }[];
  volumeSnapshots: { name: string; pvcName: string; readyToUse: string }[];
  snapshotCreationTimestamp?: string;
}

interface Run {
  hookName: string; stage: string; podName: string | null; containerName: string | null; state: string; exitCode: number | null;
  returnCode: string; message: string | null; stdoutTail: string; stderrTail: string; arguments: string[]; durationMs: number | null;
}

describe('execution hooks around an application snapshot', () => {
  let w: AstraWorld;
  let log: string;

  before(async () => {
    w = await astraWorld({ worker: true });
    log = join(w.dir, 'hooks.log');
    applyClaim(w.kube, 'payroll-data');
    applyPod(w.kube, {
      name: 'payroll-master-0', labels: { app: 'payroll', tier: 'db' }, claims: ['payroll-data'],
      containers: [{ name: 'db', image: 'registry.example/payroll/db:10.11' }, { name: 'log-agent', image: 'registry.example/log-agent:1' }],
    });
    applyPod(w.kube, { name: 'payroll-worker-1', labels: { app: 'payroll', tier: 'worker' }, containers: [{ name: 'worker', image: 'registry.example/payroll/worker:2.4' }] });
    applyPod(w.kube, { name: 'payroll-worker-2', labels: { app: 'payroll', tier: 'worker' }, containers: [{ name: 'worker', image: 'registry.example/payroll/worker:2.4' }] });
    // Another application's pod in the same namespace: never a target.
    applyPod(w.kube, { name: 'billing-0', labels: { 'app.kubernetes.io/instance': 'billing' }, containers: [{ name: 'db', image: 'registry.example/payroll/db:10.11' }] });
    await waitReady(w.kube, ['payroll-master-0', 'payroll-worker-1', 'payroll-worker-2', 'billing-0'], ['payroll-data']);
  });
  after(async () => { await w.close(); });

  /** Creates a source and a hook for this test; both are deleted when the test ends. */
  async function hookFor(t: TestContext, hook: Record<string, unknown>, script = loggingScript(log)): Promise<string> {
    const source = await w.astra('POST', '/core/v1/hookSources', {
      type: 'application/astra-hookSource', version: '1.0', name: `src-${String(hook.name)}`, sourceType: 'script', source: b64(script),
    });
    assert.equal(source.statusCode, 201, source.body);
    const res = await w.astra('POST', '/core/v1/executionHooks', {
      type: 'application/astra-executionHook', version: '1.2', hookType: 'custom', appID: w.appId, hookSourceID: source.json().id, ...hook,
    });
    assert.equal(res.statusCode, 201, res.body);
    t.after(async () => {
      await w.astra('DELETE', `/core/v1/executionHooks/${res.json().id}`);
      await w.astra('DELETE', `/core/v1/hookSources/${source.json().id}`);
    });
    return res.json().id;
  }

  async function snapshot(): Promise<{ snap: Snap; runs: Run[]; requests: RequestLogEntry[] }> {
    const from = w.kube.requests.length;
    const created = await w.astra('POST', `/k8s/v1/apps/${w.appId}/appSnaps`, { type: 'application/astra-appSnap', version: '1.3' });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().state, 'pending');
    assert.equal(created.headers.location, `http://capstan.test/accounts/${w.t.accountId}/k8s/v1/apps/${w.appId}/appSnaps/${created.json().id}`);
    const snap = await waitFor('the snapshot to finish', async () => {
      const got = (await w.astra('GET', `/k8s/v1/apps/${w.appId}/appSnaps/${created.json().id}`)).json() as Snap;
      return got.state === 'completed' || got.state === 'failed' ? got : null;
    }, 30_000);
    const runs = await w.native('GET', `/api/v1/operations/${snap.id}/hook-runs?limit=200`);
    assert.equal(runs.statusCode, 200, runs.body);
    return { snap, runs: runs.json().items as Run[], requests: w.kube.requests.slice(from) };
  }

  const execs = (requests: RequestLogEntry[]) => requests.filter((r) => r.path.endsWith('/exec'));
  const indexOf = (requests: RequestLogEntry[], pred: (r: RequestLogEntry) => boolean) => requests.findIndex(pred);
  const isSnapshotCreate = (r: RequestLogEntry) => r.method === 'POST' && r.path.endsWith('/volumesnapshots');

  test('the seed "Payroll" pre-snapshot hook (freeze) runs in exactly the matching containers before the VolumeSnapshot, its post hook after', async (t) => {
    const before = logLines(log).length;
    await hookFor(t, { name: 'Payroll', action: 'snapshot', stage: 'pre', arguments: ['freeze'], description: 'Payroll production hook',
      matchingCriteria: [{ type: 'containerImage', value: 'payroll' }, { type: 'podName', value: '^payroll-master' }] });
    await hookFor(t, { name: 'Payroll thaw', action: 'snapshot', stage: 'post', arguments: ['thaw'],
      matchingCriteria: [{ type: 'containerImage', value: 'payroll' }, { type: 'podName', value: '^payroll-master' }] });

    const { snap, runs, requests } = await snapshot();
    assert.equal(snap.state, 'completed', JSON.stringify(snap));
    assert.equal(snap.hookState, 'success');
    assert.deepEqual(snap.hookStateDetails, []);
    assert.match(snap.snapshotCreationTimestamp ?? '', /Z$/);
    assert.deepEqual(snap.volumeSnapshots.map((v) => [v.pvcName, v.readyToUse]), [['payroll-data', 'true']]);
    const volumeSnapshot = w.kube.get('snapshot.storage.k8s.io/v1', 'VolumeSnapshot', NAMESPACE, snap.volumeSnapshots[0]!.name);
    assert.equal((volumeSnapshot?.status as { readyToUse?: boolean }).readyToUse, true);

    // Exactly one container (payroll-master-0/db; not log-agent, not the workers, not billing-0), each script once.
    assert.deepEqual(logLines(log).slice(before), ['payroll-master-0 db freeze', 'payroll-master-0 db thaw']);
    assert.deepEqual(runs.map((r) => [r.hookName, r.stage, r.podName, r.containerName, r.state, r.exitCode, r.returnCode]), [
      ['Payroll', 'pre', 'payroll-master-0', 'db', 'succeeded', 0, '0'],
      ['Payroll thaw', 'post', 'payroll-master-0', 'db', 'succeeded', 0, '0'],
    ]);
    assert.match(runs[0]!.stdoutTail, /hook stdout freeze/);
    assert.match(runs[0]!.stderrTail, /hook stderr/);
    assert.deepEqual(runs[0]!.arguments, ['freeze']);

    // Order, as the API server saw it: pre exec → VolumeSnapshot created → … ready → post exec.
    const [preExec, postExec] = execs(requests);
    assert.ok(preExec && postExec, 'two execs');
    assert.match(preExec.query, /container=db/);
    assert.ok(preExec.path.includes('/pods/payroll-master-0/'));
    const create = indexOf(requests, isSnapshotCreate);
    const lastSnapshotRead = requests.map((r, i) => (r.method === 'GET' && r.path.includes('/volumesnapshots/') ? i : -1)).reduce((a, b) => Math.max(a, b), -1);
    assert.ok(requests.indexOf(preExec) < create, 'the pre hook ran before the VolumeSnapshot was created');
    assert.ok(create < lastSnapshotRead && lastSnapshotRead < requests.indexOf(postExec), 'the post hook ran after the snapshot was ready');
  });

  test('criteria are ANDed regex searches, podLabel matches key=value; a hook that matches nothing is an explicit skipped run', async (t) => {
    const before = logLines(log).length;
    await hookFor(t, { name: 'a-workers', action: 'snapshot', stage: 'pre', arguments: ['w'],
      matchingCriteria: [{ type: 'podLabel', value: '^tier=work(er)?$' }, { type: 'containerName', value: '^worker$' }, { type: 'namespaceName', value: 'prod' }] });
    await hookFor(t, { name: 'b-nothing', action: 'snapshot', stage: 'pre', arguments: ['n'],
      matchingCriteria: [{ type: 'podLabel', value: '^tier=worker$' }, { type: 'containerImage', value: '/db:' }] });
    await hookFor(t, { name: 'c-all', action: 'snapshot', stage: 'pre', arguments: ['all'] });
    await hookFor(t, { name: 'd-disabled', action: 'snapshot', stage: 'pre', arguments: ['off'], enabled: 'false' });
    await hookFor(t, { name: 'e-redeploy', action: 'redeploy', stage: 'pre', arguments: ['other-action'] });

    const { snap, runs } = await snapshot();
    assert.equal(snap.state, 'completed');
    assert.equal(snap.hookState, 'success', 'a skipped hook is not a failure');
    // Same-stage hooks run in name order; containers in pod-name order.
    assert.deepEqual(runs.map((r) => [r.hookName, r.podName, r.containerName, r.state]), [
      ['a-workers', 'payroll-worker-1', 'worker', 'succeeded'],
      ['a-workers', 'payroll-worker-2', 'worker', 'succeeded'],
      ['b-nothing', null, null, 'skipped'],
      ['c-all', 'payroll-master-0', 'db', 'succeeded'],
      ['c-all', 'payroll-master-0', 'log-agent', 'succeeded'],
      ['c-all', 'payroll-worker-1', 'worker', 'succeeded'],
      ['c-all', 'payroll-worker-2', 'worker', 'succeeded'],
    ]);
    assert.equal(runs[2]!.message, 'no containers matched');
    assert.deepEqual(logLines(log).slice(before).sort(), [
      'payroll-master-0 db all', 'payroll-master-0 log-agent all', 'payroll-worker-1 worker all', 'payroll-worker-1 worker w',
      'payroll-worker-2 worker all', 'payroll-worker-2 worker w',
    ]);
  });

  test('a failing hook (soft, the default) is recorded and the snapshot still completes with hookState failed', async (t) => {
    await hookFor(t, { name: 'fails', action: 'snapshot', stage: 'pre', matchingCriteria: [{ type: 'podName', value: 'master' }, { type: 'containerName', value: '^db$' }] },
      loggingScript(log, 'echo "cannot freeze" >&2\nexit 3'));
    const { snap, runs, requests } = await snapshot();
    assert.equal(snap.state, 'completed');
    assert.equal(snap.hookState, 'failed');
    assert.deepEqual(runs.map((r) => [r.state, r.exitCode, r.message]), [['failed', 3, 'exited with code 3']]);
    assert.match(runs[0]!.stderrTail, /cannot freeze/);
    const [detail] = snap.hookStateDetails ?? [];
    assert.equal(detail?.type, 'https://capstan.dev/problems/hook-failed');
    assert.ok(detail!.title.length <= 40);
    assert.match(detail!.detail, /fails.*payroll-master-0.*exited with code 3/);
    assert.equal(detail!.additionalDetails.returnCode, '3');
    assert.ok(indexOf(requests, isSnapshotCreate) >= 0, 'the VolumeSnapshot was still taken');
  });

  test('a failing hook in hard mode stops the snapshot before any VolumeSnapshot; the post hooks still run', async (t) => {
    const before = logLines(log).length;
    await hookFor(t, { name: 'hard-freeze', action: 'snapshot', stage: 'pre', failureMode: 'hard', arguments: ['freeze'], matchingCriteria: [{ type: 'podName', value: 'master' }, { type: 'containerName', value: '^db$' }] },
      loggingScript(log, 'exit 4'));
    await hookFor(t, { name: 'thaw-anyway', action: 'snapshot', stage: 'post', arguments: ['thaw'], matchingCriteria: [{ type: 'podName', value: 'master' }, { type: 'containerName', value: '^db$' }] });
    const { snap, runs, requests } = await snapshot();
    assert.equal(snap.state, 'failed');
    assert.equal(snap.hookState, 'failed');
    assert.match(snap.stateUnready.join(' '), /hard-freeze.*exited with code 4/);
    assert.deepEqual(snap.volumeSnapshots, []);
    assert.equal(indexOf(requests, isSnapshotCreate), -1, 'no VolumeSnapshot was created');
    assert.deepEqual(runs.map((r) => [r.hookName, r.state]), [['hard-freeze', 'failed'], ['thaw-anyway', 'succeeded']]);
    assert.deepEqual(logLines(log).slice(before), ['payroll-master-0 db freeze', 'payroll-master-0 db thaw']);
  });

  test('a hook that runs past its timeout is recorded as timed out (return code N/A)', async (t) => {
    await hookFor(t, { name: 'slow', action: 'snapshot', stage: 'pre', timeoutSeconds: 1, matchingCriteria: [{ type: 'podName', value: 'worker-1' }] },
      '#!/bin/sh\necho started\nsleep 30\necho never\n');
    const { snap, runs } = await snapshot();
    assert.equal(snap.state, 'completed', 'soft: the snapshot goes on');
    assert.equal(snap.hookState, 'failed');
    assert.equal(runs.length, 1);
    assert.equal(runs[0]!.state, 'timedOut');
    assert.equal(runs[0]!.exitCode, null);
    assert.equal(runs[0]!.returnCode, 'N/A');
    assert.match(runs[0]!.message ?? '', /timed out after 1000 ms/);
    assert.ok((runs[0]!.durationMs ?? 0) >= 1000 && (runs[0]!.durationMs ?? 0) < 10_000);
    assert.match(runs[0]!.stdoutTail, /started/);
    assert.doesNotMatch(runs[0]!.stdoutTail, /never/);
    assert.equal(snap.hookStateDetails?.[0]?.type, 'https://capstan.dev/problems/hook-timed-out');
    assert.equal(snap.hookStateDetails?.[0]?.additionalDetails.returnCode, 'N/A');
  });

  test('a #! line picks the interpreter, and scripts without one run with /bin/sh', async (t) => {
    await hookFor(t, { name: 'bash', action: 'snapshot', stage: 'pre', arguments: ['a b', 'c'], matchingCriteria: [{ type: 'podName', value: 'worker-1' }] },
      '#!/bin/bash\necho "bash=${BASH_VERSION:+yes} argc=$# first=$1"\n');
    await hookFor(t, { name: 'plain', action: 'snapshot', stage: 'pre', matchingCriteria: [{ type: 'podName', value: 'worker-1' }] }, 'echo "plain $0"\n');
    const { runs } = await snapshot();
    assert.deepEqual(runs.map((r) => [r.hookName, r.state]), [['bash', 'succeeded'], ['plain', 'succeeded']]);
    assert.equal(runs[0]!.stdoutTail.trim(), 'bash=yes argc=2 first=a b');
    assert.match(runs[1]!.stdoutTail, /^plain /);
  });

  test('NetApp-provided hooks run in matching images unless an override switches them off for the app', async (t) => {
    applyPod(w.kube, { name: 'mariadb-0', containers: [{ name: 'mariadb', image: 'docker.io/library/mariadb:11.4' }] });
    await waitReady(w.kube, ['mariadb-0']);
    t.after(() => { w.kube.apply({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'mariadb-0', namespace: NAMESPACE, labels: { gone: 'yes' } }, spec: { containers: [{ name: 'mariadb', image: 'x' }] } }); });
    const first = await snapshot();
    const netappRuns = first.runs.filter((r) => r.hookName === 'netapp-mariadb-pre-snapshot');
    assert.deepEqual(netappRuns.map((r) => [r.podName, r.containerName, r.arguments]), [['mariadb-0', 'mariadb', ['pre']]]);
    assert.ok(['succeeded', 'failed'].includes(netappRuns[0]!.state));
    assert.equal(first.runs.filter((r) => r.hookName.startsWith('netapp-') && r.state !== 'skipped').length, 1, 'only the mariadb hook found a container');

    const netapp = (await w.astra('GET', `/core/v1/executionHooks?filter=${encodeURIComponent("name eq 'netapp-mariadb-pre-snapshot'")}`)).json().items[0];
    const override = await w.astra('POST', `/k8s/v1/apps/${w.appId}/executionHookOverrides`, { type: 'application/astra-executionHookOverride', version: '1.0', executionHookID: netapp.id, enabled: 'false' });
    assert.equal(override.statusCode, 201, override.body);
    const second = await snapshot();
    assert.deepEqual(second.runs.filter((r) => r.hookName === 'netapp-mariadb-pre-snapshot'), []);
    assert.equal((await w.astra('DELETE', `/k8s/v1/apps/${w.appId}/executionHookOverrides/${override.json().id}`)).statusCode, 204);
  });

  test('the snapshot list and the native operation view agree', async () => {
    const listed = (await w.astra('GET', `/k8s/v1/apps/${w.appId}/appSnaps?include=id,state`)).json();
    assert.equal(listed.type, 'application/astra-appSnaps');
    assert.ok(listed.items.length >= 1);
    const [id, state] = listed.items[0] as [string, string];
    const native = (await w.native('GET', `/api/v1/operations/${id}`)).json();
    assert.equal(native.state, state);
    assert.equal(native.action, 'snapshot');
  });
});
