// The KubeGateway contract: one suite that every implementation and environment must pass — the loopback
// Kubernetes API server (test/integration/kube-gateway.test.ts) and a real cluster when CAPSTAN_TEST_KUBECONFIG names
// one (test/integration/kube-gateway-real.int.test.ts). Rules cited are from reference/protocols-reliability.md.
// Tests that need fault injection, chosen RBAC denials or a forbidden identity skip, with the reason printed, where
// the setup has none.
import { after, afterEach, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { AppError, type ErrorCode } from '../../src/domain/errors.ts';
import {
  DEPLOY_ID_ANNOTATION,
  RESTARTED_AT_ANNOTATION,
  type AccessCheck,
  type KubeGateway,
  type WorkloadKind,
  type WorkloadRef,
} from '../../src/app/ports/kube-gateway.ts';

export interface ContainerSpec {
  readonly name: string;
  readonly image: string;
}

/** What a test asks for; each setup turns it into a manifest that runs in its environment. */
export interface WorkloadSpec {
  readonly kind: WorkloadKind;
  readonly name: string;
  readonly replicas?: number;
  readonly containers: readonly ContainerSpec[];
  readonly initContainers?: readonly ContainerSpec[];
  readonly paused?: boolean;
  /** Deployments only; scaled by the environment as it sees fit. */
  readonly progressDeadlineSeconds?: number;
  readonly updateStrategy?: 'RollingUpdate' | 'OnDelete';
  /** PVCs (created by the setup) mounted by the pods. */
  readonly claims?: readonly string[];
  /** Labels added to the workload object itself (not to its selector or pods), e.g. a GitOps tool's markers. */
  readonly objectLabels?: Readonly<Record<string, string>>;
}

export interface FaultRule {
  readonly status?: 409 | 429 | 500 | 503;
  readonly timeout?: boolean;
  readonly count: number;
  readonly method?: string;
  readonly pathPattern?: RegExp;
}

export interface FaultInjector {
  inject(rule: FaultRule): void;
  clear(): void;
  /** Requests the API server answered since the suite started, oldest first. */
  requests(): readonly { readonly method: string; readonly path: string; readonly status: number }[];
}

/** One (verb, group, resource, subresource, namespace) combination to take away from the gateway's identity. */
export interface AccessRule {
  readonly verb: string;
  readonly group: string;
  readonly resource: string;
  readonly subresource?: string;
  readonly namespace?: string;
}

export interface AccessControl {
  /** From now on real requests that match get 403 Forbidden, and SelfSubjectAccessReviews answer not allowed. */
  deny(rule: AccessRule): void;
  /** Gives every permission back. */
  clear(): void;
}

export interface KubeGatewayFixture {
  readonly gateway: KubeGateway;
  readonly namespace: string;
  /** Two images that run, and one whose pods never become ready. */
  readonly images: { readonly v1: string; readonly v2: string; readonly failing: string };
  /** Creates a workload and waits until its first rollout is done. */
  createWorkload(spec: WorkloadSpec): Promise<WorkloadRef>;
  /** Deletes a workload and what it owns (keeps the environment light between tests). */
  removeWorkload(ref: WorkloadRef): Promise<void>;
  /** Pod-template annotations of the ReplicaSets a Deployment owns. */
  replicaSetAnnotations(ref: WorkloadRef): Promise<readonly Readonly<Record<string, string>>[]>;
  /** Null where the environment cannot inject faults (a real cluster). */
  readonly faults: FaultInjector | null;
  /** Null where permissions cannot be taken away from the gateway's identity for one test (a real cluster). */
  readonly access: AccessControl | null;
  /** A gateway whose identity may not touch the namespace; null where none can be made. */
  readonly forbiddenGateway: KubeGateway | null;
  /** Milliseconds the environment needs for one rollout to settle; deadlines are multiples of it. */
  readonly rolloutMs: number;
  /** False where VolumeSnapshots cannot be taken (no CSI snapshot support). */
  readonly snapshots: boolean;
  close(): Promise<void>;
}

export async function expectAppError(promise: Promise<unknown>, code: ErrorCode, detail?: RegExp): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AppError, `expected AppError ${code}, got ${String(error)}`);
    assert.equal(error.code, code, error.detail);
    if (detail) assert.match(error.detail, detail);
    return error;
  }
  assert.fail(`expected AppError ${code}, but the call succeeded`);
}

const skipWithout = (t: TestContext, capability: unknown, reason: string): boolean => {
  if (capability) return false;
  console.log(`# skipped: ${reason}`);
  t.skip(reason);
  return true;
};

export function kubeGatewayContract(name: string, setup: () => Promise<KubeGatewayFixture>): void {
  describe(`KubeGateway contract: ${name}`, () => {
    let fx: KubeGatewayFixture;
    let counter = 0;
    let created: WorkloadRef[] = [];
    const unique = (base: string): string => `${base}-${++counter}`;
    /** Workloads made by one test are removed after it, so stuck rollouts do not load the next tests. */
    const create = async (spec: WorkloadSpec): Promise<WorkloadRef> => {
      const ref = await fx.createWorkload(spec);
      created.push(ref);
      return ref;
    };
    const deployment = (base: string, extra: Partial<WorkloadSpec> = {}): WorkloadSpec => ({
      kind: 'Deployment', name: unique(base), replicas: 2, containers: [{ name: 'app', image: fx.images.v1 }], ...extra,
    });
    const deadline = (rollouts: number): number => Date.now() + rollouts * fx.rolloutMs;

    before(async () => {
      fx = await setup();
    });
    afterEach(async () => {
      const refs = created;
      created = [];
      for (const ref of refs) await fx.removeWorkload(ref);
    });
    after(async () => {
      await fx?.close();
    });

    describe('restart (K1–K3)', () => {
      test('two restarts within one second roll twice', async () => {
        const ref = await create(deployment('restart-twice', { replicas: 1 }));
        const first = await fx.gateway.restart(ref, 'deploy-a');
        const afterFirst = await fx.gateway.captureTemplate(ref);
        const second = await fx.gateway.restart(ref, 'deploy-b');
        const afterSecond = await fx.gateway.captureTemplate(ref);
        assert.equal(first.changed && second.changed, true);
        assert.equal(second.generation, first.generation + 1);
        const annotations = (t: Record<string, unknown>) => (t['metadata'] as { annotations: Record<string, string> }).annotations;
        assert.equal(annotations(afterFirst.template)[DEPLOY_ID_ANNOTATION], 'deploy-a');
        assert.equal(annotations(afterSecond.template)[DEPLOY_ID_ANNOTATION], 'deploy-b');
        assert.ok(annotations(afterSecond.template)[RESTARTED_AT_ANNOTATION]);
        assert.notDeepEqual(afterFirst.template, afterSecond.template);
        const result = await fx.gateway.waitForRollout(ref, { deadline: deadline(4), pollMs: 50 });
        assert.equal(result.outcome, 'succeeded', result.status.message);
        const sets = await fx.replicaSetAnnotations(ref);
        assert.ok(sets.some((a) => a[DEPLOY_ID_ANNOTATION] === 'deploy-b'), 'a ReplicaSet runs the second restart');
      });

      test('restarting again with the same deploy id writes nothing (Q6 resume)', async () => {
        const ref = await create(deployment('restart-resume', { replicas: 1 }));
        const first = await fx.gateway.restart(ref, 'deploy-r');
        const again = await fx.gateway.restart(ref, 'deploy-r');
        assert.equal(again.changed, true);
        // Status updates move resourceVersion while the rollout runs; only a spec write moves generation.
        assert.equal(again.generation, first.generation);
      });

      test('a paused Deployment is refused with WORKLOAD_PAUSED', async () => {
        const ref = await create(deployment('paused', { paused: true, replicas: 1 }));
        await expectAppError(fx.gateway.restart(ref, 'deploy-p'), 'WORKLOAD_PAUSED');
      });

      test('a missing workload is WORKLOAD_NOT_FOUND', async () => {
        const ref: WorkloadRef = { namespace: fx.namespace, kind: 'Deployment', name: 'does-not-exist' };
        await expectAppError(fx.gateway.restart(ref, 'deploy-x'), 'WORKLOAD_NOT_FOUND', /does-not-exist/);
        await expectAppError(fx.gateway.captureTemplate({ ...ref, kind: 'StatefulSet' }), 'WORKLOAD_NOT_FOUND');
        await expectAppError(fx.gateway.rolloutStatus({ ...ref, kind: 'DaemonSet' }), 'WORKLOAD_NOT_FOUND');
      });
    });

    describe('setImage (K5–K7)', () => {
      test('sets the image of one container and rolls out', async () => {
        const ref = await create(deployment('set-image', {
          containers: [{ name: 'app', image: fx.images.v1 }, { name: 'side', image: fx.images.v1 }],
        }));
        const result = await fx.gateway.setImage(ref, 'app', fx.images.v2, 'deploy-i');
        assert.deepEqual([result.changed, result.previousImage, result.image, result.initContainer], [true, fx.images.v1, fx.images.v2, false]);
        const waited = await fx.gateway.waitForRollout(ref, { deadline: deadline(4), pollMs: 50 });
        assert.equal(waited.outcome, 'succeeded', waited.status.message);
        const [workload] = (await fx.gateway.listWorkloads(fx.namespace, `app=${ref.name}`));
        assert.deepEqual(workload?.containers.map((c) => c.image), [fx.images.v2, fx.images.v1]);
      });

      test('an unknown container is CONTAINER_NOT_FOUND naming the existing ones', async () => {
        const ref = await create(deployment('no-container', {
          replicas: 1,
          initContainers: [{ name: 'setup', image: fx.images.v1 }],
          containers: [{ name: 'app', image: fx.images.v1 }],
        }));
        await expectAppError(fx.gateway.setImage(ref, 'nope', fx.images.v2, 'deploy-n'), 'CONTAINER_NOT_FOUND', /setup \(init\).*app/);
      });

      test('the image already set is a no-op with changed false', async () => {
        const ref = await create(deployment('same-image', { replicas: 1 }));
        const before = await fx.gateway.captureTemplate(ref);
        const result = await fx.gateway.setImage(ref, 'app', fx.images.v1, 'deploy-s');
        assert.equal(result.changed, false);
        assert.equal(result.generation, before.generation);
      });

      test('sets the image of an init container', async () => {
        const ref = await create(deployment('init-image', {
          replicas: 1,
          initContainers: [{ name: 'setup', image: fx.images.v1 }],
        }));
        const result = await fx.gateway.setImage(ref, 'setup', fx.images.v2, 'deploy-init');
        assert.deepEqual([result.changed, result.initContainer], [true, true]);
        const snapshot = await fx.gateway.captureTemplate(ref);
        const spec = snapshot.template['spec'] as { initContainers: ContainerSpec[]; containers: ContainerSpec[] };
        assert.deepEqual([spec.initContainers[0]?.image, spec.containers[0]?.image], [fx.images.v2, fx.images.v1]);
      });
    });

    describe('server-side apply (K4, K18)', () => {
      const applied = (name: string, image: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, labels: { app: name } },
        spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } }, ...extra },
      });
      const track = (name: string): WorkloadRef => {
        const ref: WorkloadRef = { namespace: fx.namespace, kind: 'Deployment', name };
        created.push(ref);
        return ref;
      };

      test('creates a missing object, configures it, and the same intent again changes nothing', async () => {
        const name = unique('applied');
        const ref = track(name);
        const first = await fx.gateway.apply(applied(name, fx.images.v1), 'deploy-a', { namespace: fx.namespace });
        assert.deepEqual(first.object, { apiVersion: 'apps/v1', kind: 'Deployment', namespace: fx.namespace, name });
        assert.deepEqual([first.created, first.changed, first.previousDeployId], [true, true, null]);
        assert.equal((await fx.gateway.waitForRollout(ref, { deadline: deadline(4), pollMs: 50 })).outcome, 'succeeded');
        const same = await fx.gateway.apply(applied(name, fx.images.v1), 'deploy-a', { namespace: fx.namespace });
        assert.deepEqual([same.created, same.changed, same.previousDeployId], [false, false, 'deploy-a']);
        assert.equal(same.generation, first.generation);
        const next = await fx.gateway.apply(applied(name, fx.images.v2), 'deploy-b', { namespace: fx.namespace });
        assert.deepEqual([next.created, next.changed, next.previousDeployId], [false, true, 'deploy-a']);
        assert.equal(next.generation, first.generation + 1);
        const template = (await fx.gateway.captureTemplate(ref)).template as { metadata?: { annotations?: Record<string, string> }; spec: { containers: { image: string }[] } };
        assert.equal(template.spec.containers[0]?.image, fx.images.v2);
        assert.equal(template.metadata?.annotations?.[DEPLOY_ID_ANNOTATION], undefined, 'the deploy id is on the object, not the pod template');
        const result = await fx.gateway.waitForRollout(ref, { deadline: deadline(4), pollMs: 50 });
        assert.equal(result.outcome, 'succeeded', result.status.message);
      });

      test('a field another manager set differently is KUBE_CONFLICT naming it, unless forced', async () => {
        const name = unique('apply-conflict');
        const ref = track(name);
        await fx.gateway.apply(applied(name, fx.images.v1), 'deploy-a', { namespace: fx.namespace });
        await fx.gateway.setImage(ref, 'app', fx.images.v2, 'deploy-b'); // a strategic-merge Update, not an Apply
        await expectAppError(fx.gateway.apply(applied(name, fx.images.v1), 'deploy-c', { namespace: fx.namespace }), 'KUBE_CONFLICT', /containers\[name="app"\]\.image/);
        const forced = await fx.gateway.apply(applied(name, fx.images.v1), 'deploy-c', { namespace: fx.namespace, force: true });
        assert.equal(forced.changed, true);
        const template = (await fx.gateway.captureTemplate(ref)).template as { spec: { containers: { image: string }[] } };
        assert.equal(template.spec.containers[0]?.image, fx.images.v1);
      });

      test('an unserved kind, a nameless manifest and an invalid object are PARAM_INVALID', async () => {
        await expectAppError(fx.gateway.apply({ apiVersion: 'apps/v1', kind: 'Gadget', metadata: { name: 'g' } }, 'd', { namespace: fx.namespace }), 'PARAM_INVALID', /Gadget/);
        await expectAppError(fx.gateway.apply({ apiVersion: 'nope.example/v1', kind: 'Gadget', metadata: { name: 'g' } }, 'd', { namespace: fx.namespace }), 'PARAM_INVALID', /nope\.example\/v1/);
        await expectAppError(fx.gateway.apply({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: {} }, 'd', { namespace: fx.namespace }), 'PARAM_INVALID', /metadata\.name/);
        const name = unique('apply-invalid');
        const invalid = applied(name, fx.images.v1, { selector: { matchLabels: { app: 'other' } } });
        await expectAppError(fx.gateway.apply(invalid, 'd', { namespace: fx.namespace }), 'PARAM_INVALID', /selector/);
      });
    });

    describe('capture and restore (K12, K13, K15)', () => {
      test('a captured template restores after a change', async () => {
        const ref = await create(deployment('round-trip', { replicas: 1 }));
        const captured = await fx.gateway.captureTemplate(ref);
        await fx.gateway.setImage(ref, 'app', fx.images.v2, 'deploy-change');
        await fx.gateway.waitForRollout(ref, { deadline: deadline(4), pollMs: 50 });
        const restored = await fx.gateway.restoreTemplate(ref, captured.template, 'deploy-rollback');
        assert.equal(restored.changed, true);
        const now = await fx.gateway.captureTemplate(ref);
        const { [DEPLOY_ID_ANNOTATION]: stamped, ...rest } = annotationsOf(now.template);
        assert.equal(stamped, 'deploy-rollback');
        assert.deepEqual(rest, withoutDeployId(annotationsOf(captured.template)));
        assert.deepEqual(now.template['spec'], captured.template['spec']);
        const waited = await fx.gateway.waitForRollout(ref, { deadline: deadline(4), pollMs: 50 });
        assert.equal(waited.outcome, 'succeeded', waited.status.message);
      });

      test('restoring the template that is already live writes nothing', async () => {
        const ref = await create(deployment('restore-same', { replicas: 1 }));
        const captured = await fx.gateway.captureTemplate(ref);
        const result = await fx.gateway.restoreTemplate(ref, captured.template, 'deploy-same');
        assert.equal(result.changed, false);
        assert.equal(result.generation, captured.generation);
      });

      test('a 409 during restore rebuilds from a fresh read and succeeds', async (t) => {
        if (skipWithout(t, fx.faults, 'this environment cannot inject 409s')) return;
        const faults = fx.faults as FaultInjector;
        const ref = await create(deployment('restore-409', { replicas: 1 }));
        const captured = await fx.gateway.captureTemplate(ref);
        await fx.gateway.setImage(ref, 'app', fx.images.v2, 'deploy-change');
        const seen = faults.requests().length;
        faults.inject({ status: 409, count: 1, method: 'PATCH', pathPattern: new RegExp(`/deployments/${ref.name}$`) });
        const result = await fx.gateway.restoreTemplate(ref, captured.template, 'deploy-rollback');
        assert.equal(result.changed, true);
        const calls = faults.requests().slice(seen).filter((r) => r.path.endsWith(`/deployments/${ref.name}`));
        const seq = calls.map((r) => `${r.method} ${r.status}`);
        // The injected 409 comes first; the controller may legitimately cause another one (its status write bumps
        // resourceVersion), but every 409 must be followed by a fresh read, and the last write succeeds.
        assert.deepEqual(seq.slice(0, 3), ['GET 200', 'PATCH 409', 'GET 200'], seq.join(', '));
        assert.equal(seq.at(-1), 'PATCH 200', seq.join(', '));
        seq.forEach((call, i) => { if (call === 'PATCH 409') assert.equal(seq[i + 1], 'GET 200', seq.join(', ')); });
        const spec = (await fx.gateway.captureTemplate(ref)).template['spec'];
        assert.deepEqual(spec, captured.template['spec']);
      });
    });

    describe('transient failures and errors (Q9, K17)', () => {
      test('injected 500s are retried and the call succeeds', async (t) => {
        if (skipWithout(t, fx.faults, 'this environment cannot inject 500s')) return;
        const faults = fx.faults as FaultInjector;
        const ref = await create(deployment('retry-500', { replicas: 1 }));
        const seen = faults.requests().length;
        faults.inject({ status: 500, count: 2, method: 'GET', pathPattern: new RegExp(`/deployments/${ref.name}$`) });
        const status = await fx.gateway.rolloutStatus(ref);
        assert.equal(status.state, 'done');
        assert.deepEqual(faults.requests().slice(seen).map((r) => r.status), [500, 500, 200]);
      });

      test('a 429 is retried after Retry-After and a write then lands', async (t) => {
        if (skipWithout(t, fx.faults, 'this environment cannot inject 429s')) return;
        const faults = fx.faults as FaultInjector;
        const ref = await create(deployment('retry-429', { replicas: 1 }));
        faults.inject({ status: 429, count: 1, method: 'PATCH' });
        const started = Date.now();
        assert.equal((await fx.gateway.restart(ref, 'deploy-429')).changed, true);
        assert.ok(Date.now() - started >= 900, 'waited for Retry-After: 1');
      });

      test('a request that is never answered times out and is retried', async (t) => {
        if (skipWithout(t, fx.faults, 'this environment cannot hold requests')) return;
        const faults = fx.faults as FaultInjector;
        const ref = await create(deployment('retry-timeout', { replicas: 1 }));
        faults.inject({ timeout: true, count: 1, method: 'GET', pathPattern: new RegExp(`/deployments/${ref.name}$`) });
        assert.equal((await fx.gateway.captureTemplate(ref)).workload.name, ref.name);
      });

      test('5xx that keep coming end in KUBE_UNAVAILABLE after bounded retries', async (t) => {
        if (skipWithout(t, fx.faults, 'this environment cannot inject 503s')) return;
        const faults = fx.faults as FaultInjector;
        const ref = await create(deployment('retry-exhausted', { replicas: 1 }));
        faults.inject({ status: 503, count: 100, method: 'GET', pathPattern: new RegExp(`/deployments/${ref.name}$`) });
        try {
          await expectAppError(fx.gateway.captureTemplate(ref), 'KUBE_UNAVAILABLE');
        } finally {
          faults.clear();
        }
      });

      test('a forbidden identity gets KUBE_FORBIDDEN', async (t) => {
        if (skipWithout(t, fx.forbiddenGateway, 'this environment has no identity without RBAC')) return;
        const gateway = fx.forbiddenGateway as KubeGateway;
        const ref: WorkloadRef = { namespace: fx.namespace, kind: 'Deployment', name: 'anything' };
        await expectAppError(gateway.restart(ref, 'deploy-f'), 'KUBE_FORBIDDEN', /deployments/);
        await expectAppError(gateway.listPods(fx.namespace, ''), 'KUBE_FORBIDDEN', /pods/);
      });

      test('ping reports a reachable server and its version', async () => {
        const ping = await fx.gateway.ping();
        assert.equal(ping.reachable, true, ping.error ?? '');
        assert.match(ping.version ?? '', /^v\d+\.\d+/);
      });
    });

    describe('access review (K25)', () => {
      const check = (verb: string, group: string, resource: string, subresource?: string): AccessCheck => ({
        verb, group, resource, namespace: fx.namespace, ...(subresource ? { subresource } : {}),
      });

      test('answers every check in order; what this suite itself does is allowed', async () => {
        // Only permissions the suite needs anyway (it patches, reads and lists here, and runs exec): nothing is
        // assumed about what a real cluster denies.
        const checks = [
          check('patch', 'apps', 'deployments'),
          check('get', 'apps', 'deployments'),
          check('list', '', 'pods'),
          check('get', '', 'pods', 'exec'),
          check('list', 'apps', 'statefulsets'),
        ];
        const decisions = await fx.gateway.checkAccess(checks);
        assert.equal(decisions.length, checks.length);
        for (const decision of decisions) {
          assert.deepEqual(Object.keys(decision).sort(), ['allowed', 'reason']);
          assert.ok(decision.reason === null || (typeof decision.reason === 'string' && decision.reason.length > 0), String(decision.reason));
        }
        assert.deepEqual(decisions.map((d) => d.allowed), [true, true, true, true, true], JSON.stringify(decisions));
        assert.deepEqual(await fx.gateway.checkAccess([]), []);
      });

      test('a denied check is reported, and the call it predicts fails with KUBE_FORBIDDEN', async (t) => {
        if (skipWithout(t, fx.access, 'this environment cannot take a permission away for one test')) return;
        const access = fx.access as AccessControl;
        const ref = await create(deployment('denied-patch', { replicas: 1 }));
        access.deny({ verb: 'patch', group: 'apps', resource: 'deployments', namespace: fx.namespace });
        try {
          const decisions = await fx.gateway.checkAccess([check('patch', 'apps', 'deployments'), check('get', 'apps', 'deployments')]);
          assert.deepEqual(decisions.map((d) => d.allowed), [false, true]);
          await expectAppError(fx.gateway.restart(ref, 'deploy-denied'), 'KUBE_FORBIDDEN', new RegExp(`patch deployments\\.apps "${ref.name}"`));
          await expectAppError(fx.gateway.setImage(ref, 'app', fx.images.v2, 'deploy-denied'), 'KUBE_FORBIDDEN', /\(403\)/);
          assert.equal((await fx.gateway.captureTemplate(ref)).workload.name, ref.name, 'reading is still allowed');
        } finally {
          access.clear();
        }
        assert.equal((await fx.gateway.restart(ref, 'deploy-allowed')).changed, true);
      });

      test('a review the identity may not even make is KUBE_FORBIDDEN', async (t) => {
        if (skipWithout(t, fx.access, 'this environment cannot take a permission away for one test')) return;
        const access = fx.access as AccessControl;
        access.deny({ verb: 'create', group: 'authorization.k8s.io', resource: 'selfsubjectaccessreviews' });
        try {
          await expectAppError(fx.gateway.checkAccess([check('get', 'apps', 'deployments')]), 'KUBE_FORBIDDEN', /selfsubjectaccessreviews/);
        } finally {
          access.clear();
        }
      });

      test('a forbidden identity is never told it may', async (t) => {
        if (skipWithout(t, fx.forbiddenGateway, 'this environment has no identity without RBAC')) return;
        const gateway = fx.forbiddenGateway as KubeGateway;
        try {
          const [decision] = await gateway.checkAccess([check('patch', 'apps', 'deployments')]);
          assert.equal(decision?.allowed, false);
        } catch (error) {
          // An identity may also be refused the review itself (no system:basic-user binding).
          assert.ok(error instanceof AppError, String(error));
          assert.equal(error.code, 'KUBE_FORBIDDEN', error.detail);
        }
      });

      test('a 503 during a review is retried and the review answers', async (t) => {
        if (skipWithout(t, fx.faults, 'this environment cannot inject 503s')) return;
        const faults = fx.faults as FaultInjector;
        const seen = faults.requests().length;
        faults.inject({ status: 503, count: 2, method: 'POST', pathPattern: /selfsubjectaccessreviews$/ });
        const [decision] = await fx.gateway.checkAccess([check('get', 'apps', 'deployments')]);
        assert.equal(decision?.allowed, true);
        assert.deepEqual(faults.requests().slice(seen).filter((r) => r.path.endsWith('/selfsubjectaccessreviews')).map((r) => r.status), [503, 503, 201]);
      });
    });

    describe('rollout status and waiting (K8–K11)', () => {
      for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet'] as const) {
        test(`waitForRollout succeeds for a ${kind} image change`, async () => {
          const ref = await create({ kind, name: unique(`wait-${kind.toLowerCase()}`), replicas: 2, containers: [{ name: 'app', image: fx.images.v1 }] });
          await fx.gateway.setImage(ref, 'app', fx.images.v2, `deploy-${kind}`);
          const progress: string[] = [];
          const result = await fx.gateway.waitForRollout(ref, { deadline: deadline(6), pollMs: 50, onProgress: (s) => progress.push(s.state) });
          assert.equal(result.outcome, 'succeeded', result.status.message);
          assert.equal(result.status.state, 'done');
          assert.equal(progress.at(-1), 'done');
        });
      }

      test('a failing image ends failed with ProgressDeadlineExceeded before our deadline', async () => {
        const ref = await create(deployment('deadline', { replicas: 1, progressDeadlineSeconds: 60 }));
        await fx.gateway.setImage(ref, 'app', fx.images.failing, 'deploy-fail');
        const ours = deadline(30);
        const result = await fx.gateway.waitForRollout(ref, { deadline: ours, pollMs: 50 });
        assert.equal(result.outcome, 'failed', result.status.message);
        assert.equal(result.status.reason, 'ProgressDeadlineExceeded');
        assert.ok(Date.now() < ours);
      });

      test("Capstan's own deadline ends the wait as timed_out", async () => {
        const ref = await create({ kind: 'StatefulSet', name: unique('own-deadline'), replicas: 1, containers: [{ name: 'app', image: fx.images.v1 }] });
        await fx.gateway.setImage(ref, 'app', fx.images.failing, 'deploy-stuck');
        // The new pod can never become ready, so a short deadline is enough anywhere.
        const result = await fx.gateway.waitForRollout(ref, { deadline: Date.now() + 1_500, pollMs: 50 });
        assert.equal(result.outcome, 'timed_out');
        assert.equal(result.status.state, 'progressing');
      });

      test('a workload deleted during the wait ends failed with WorkloadDeleted (K10)', async () => {
        const ref = await create(deployment('deleted', { replicas: 1 }));
        await fx.gateway.setImage(ref, 'app', fx.images.failing, 'deploy-gone');
        const waiting = fx.gateway.waitForRollout(ref, { deadline: deadline(10), pollMs: 50 });
        await new Promise((resolve) => setTimeout(resolve, 200));
        await fx.removeWorkload(ref);
        created = created.filter((r) => r !== ref);
        const result = await waiting;
        assert.deepEqual([result.outcome, result.status.reason], ['failed', 'WorkloadDeleted']);
      });

      test('an OnDelete StatefulSet is reported as not waitable instead of hanging (K11)', async () => {
        const ref = await create({
          kind: 'StatefulSet', name: unique('on-delete'), replicas: 1, updateStrategy: 'OnDelete', containers: [{ name: 'app', image: fx.images.v1 }],
        });
        const result = await fx.gateway.waitForRollout(ref, { deadline: deadline(4), pollMs: 50 });
        assert.equal(result.outcome, 'failed');
        assert.match(result.status.message, /RollingUpdate/);
      });
    });

    describe('GitOps ownership (K19)', () => {
      test('capture and listing report the Flux Kustomization that applied a workload; a plain workload has no owner', async () => {
        const flux = await create(deployment('gitops-flux', {
          objectLabels: { 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' },
        }));
        const plain = await create(deployment('gitops-plain'));
        const owner = { tool: 'Flux', source: 'Kustomization flux-system/apps' };
        assert.deepEqual((await fx.gateway.captureTemplate(flux)).gitOpsOwner, owner);
        assert.equal((await fx.gateway.captureTemplate(plain)).gitOpsOwner, null);
        const [listed] = await fx.gateway.listWorkloads(fx.namespace, `app=${flux.name}`);
        assert.deepEqual(listed?.gitOpsOwner, owner);
      });
    });

    describe('listing', () => {
      test('listPods returns the pods a selector matches, with their containers', async () => {
        const ref = await create(deployment('list-pods', {
          replicas: 2, initContainers: [{ name: 'setup', image: fx.images.v1 }],
        }));
        const pods = await fx.gateway.listPods(fx.namespace, `app=${ref.name}`);
        assert.equal(pods.length, 2);
        for (const pod of pods) {
          assert.equal(pod.labels['app'], ref.name);
          assert.deepEqual(pod.containers.map((c) => `${c.name}:${c.init}`), ['setup:true', 'app:false']);
        }
        assert.deepEqual(await fx.gateway.listPods(fx.namespace, 'app=no-such-app'), []);
      });

      test('listWorkloads finds each kind by selector', async () => {
        const ref = await create({ kind: 'DaemonSet', name: unique('list-ds'), containers: [{ name: 'app', image: fx.images.v1 }] });
        const found = await fx.gateway.listWorkloads(fx.namespace, `app=${ref.name}`);
        assert.deepEqual(found.map((w) => w.ref), [ref]);
      });

      test('an invalid label selector is SELECTOR_INVALID', async () => {
        await expectAppError(fx.gateway.listPods(fx.namespace, 'app in (unclosed'), 'SELECTOR_INVALID');
      });
    });

    describe('exec (K20–K23, H1, H5, H9)', () => {
      let pod: { name: string; container: string };
      let execRef: WorkloadRef;
      before(async () => {
        const ref = (execRef = await fx.createWorkload(deployment('exec', { replicas: 1 })));
        const [first] = await fx.gateway.listPods(fx.namespace, `app=${ref.name}`);
        assert.ok(first);
        pod = { name: first.name, container: 'app' };
      });
      after(async () => {
        await fx.removeWorkload(execRef);
      });
      const request = (argv: string[], extra: { stdin?: string; timeoutMs?: number; tailBytes?: number } = {}) => ({
        namespace: fx.namespace, pod: pod.name, container: pod.container, argv, timeoutMs: 10_000, ...extra,
      });

      test('a script with arguments returns its exit code, stdout and stderr', async () => {
        const script = 'echo "out:$1"; echo "err:$2" >&2; exit 3';
        const result = await fx.gateway.exec(request(['/bin/sh', '-c', script, 'sh', 'a b', 'c']));
        assert.deepEqual([result.outcome, result.exitCode, result.stdoutTail, result.stderrTail], ['exited', 3, 'out:a b\n', 'err:c\n']);
      });

      test('a successful command exits 0', async () => {
        const result = await fx.gateway.exec(request(['/bin/sh', '-c', 'echo ok']));
        assert.deepEqual([result.outcome, result.exitCode, result.stdoutTail], ['exited', 0, 'ok\n']);
      });

      test('a command that outlives its timeout is timed_out', async () => {
        const result = await fx.gateway.exec(request(['/bin/sh', '-c', 'echo started; sleep 30'], { timeoutMs: 700 }));
        assert.equal(result.outcome, 'timed_out');
        assert.equal(result.exitCode, null);
        assert.ok(result.durationMs < 10_000);
      });

      test('stdin reaches the command and ends with EOF', async () => {
        const result = await fx.gateway.exec(request(['/bin/sh', '-c', 'cat; echo done'], { stdin: 'hello\n' }));
        assert.deepEqual([result.outcome, result.exitCode, result.stdoutTail], ['exited', 0, 'hello\ndone\n']);
      });

      test('output beyond tailBytes keeps only the tail', async () => {
        const result = await fx.gateway.exec(request(['/bin/sh', '-c', 'i=0; while [ $i -lt 2000 ]; do echo line$i; i=$((i+1)); done'], { tailBytes: 20 }));
        assert.equal(result.exitCode, 0);
        assert.ok(result.stdoutTail.endsWith('line1999\n'));
        assert.ok(Buffer.byteLength(result.stdoutTail) <= 20);
      });

      test('an unknown container is CONTAINER_NOT_FOUND naming the existing ones', async () => {
        await expectAppError(fx.gateway.exec({ ...request(['true']), container: 'nope' }), 'CONTAINER_NOT_FOUND', /app/);
      });

      test('with create on pods/exec denied the review says so and the command does not run (§1.8, ≥1.35)', async (t) => {
        if (skipWithout(t, fx.access, 'this environment cannot take a permission away for one test')) return;
        const access = fx.access as AccessControl;
        const exec = (verb: string): AccessCheck => ({ verb, group: '', resource: 'pods', subresource: 'exec', namespace: fx.namespace });
        access.deny({ verb: 'create', group: '', resource: 'pods', subresource: 'exec', namespace: fx.namespace });
        try {
          const decisions = await fx.gateway.checkAccess([exec('get'), exec('create')]);
          assert.deepEqual(decisions.map((d) => d.allowed), [true, false]);
          const result = await fx.gateway.exec(request(['/bin/sh', '-c', 'echo ran']));
          assert.equal(result.outcome, 'error', JSON.stringify(result));
          assert.equal(result.stdoutTail, '');
          assert.match(result.message ?? '', /403/);
        } finally {
          access.clear();
        }
      });
    });

    describe('volume snapshots', () => {
      test('one ready VolumeSnapshot per PVC mounted by the selected pods', async (t) => {
        if (skipWithout(t, fx.snapshots, 'this environment cannot take VolumeSnapshots')) return;
        const ref = await create(deployment('snap', { replicas: 2, claims: ['snap-data', 'snap-logs'] }));
        const results = await fx.gateway.createVolumeSnapshots(fx.namespace, `app=${ref.name}`, {
          prefix: `${ref.name}-run1`, deadline: deadline(6),
        });
        assert.deepEqual(results.map((r) => [r.pvcName, r.readyToUse, r.error]), [['snap-data', true, null], ['snap-logs', true, null]]);
        assert.deepEqual(results.map((r) => r.name), [`${ref.name}-run1-snap-data`, `${ref.name}-run1-snap-logs`]);
      });
    });
  });
}

function annotationsOf(template: Record<string, unknown>): Record<string, string> {
  return ((template['metadata'] as { annotations?: Record<string, string> } | undefined)?.annotations) ?? {};
}

function withoutDeployId(annotations: Record<string, string>): Record<string, string> {
  const { [DEPLOY_ID_ANNOTATION]: _omitted, ...rest } = annotations;
  return rest;
}
