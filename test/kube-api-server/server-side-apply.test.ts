import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call, DEPLOYMENTS, tokenOf, type Loose } from './api-client.ts';
import { deploymentManifest, startKubeApiServer, type KubeApiServer } from './index.ts';

let server: KubeApiServer;
before(async () => {
  server = await startKubeApiServer({ rolloutStepMs: 10 });
});
after(() => server.close());

const APPLY = 'application/apply-patch+yaml';
const apply = (name: string, body: unknown, query = 'fieldManager=capstan') => call(server, 'PATCH', `${DEPLOYMENTS}/${name}?${query}`, body, APPLY);
const intent = (name: string, image: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
  spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image }] } }, ...extra },
});
const managers = (obj: Loose) => (obj.metadata.managedFields as Loose[]).map((m) => `${m.manager}/${m.operation}`).sort();

describe('server-side apply (field ownership)', () => {
  test('an apply records what the manager set as FieldsV1 in an Apply entry', async () => {
    const res = await apply('owned', intent('owned', 'a:1', { replicas: 3 }));
    assert.equal(res.status, 201);
    const [entry] = res.body.metadata.managedFields;
    assert.deepEqual([entry.manager, entry.operation, entry.apiVersion, entry.fieldsType], ['capstan', 'Apply', 'apps/v1', 'FieldsV1']);
    assert.match(entry.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual(entry.fieldsV1['f:spec']['f:replicas'], {});
    assert.deepEqual(entry.fieldsV1['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"owned"}'], { '.': {}, 'f:image': {}, 'f:name': {} });
    assert.equal(entry.fieldsV1['f:metadata'], undefined, 'name is system metadata, never owned');
    await server.settle();
    const settled = (await call(server, 'GET', `${DEPLOYMENTS}/owned`)).body;
    const again = await apply('owned', intent('owned', 'a:1', { replicas: 3 }));
    assert.equal(again.body.metadata.resourceVersion, settled.metadata.resourceVersion, 'the same intent again changes nothing');
  });

  test('a field another manager set to a different value is a 409 conflict unless forced', async () => {
    await apply('shared', intent('shared', 'b:1'));
    const set = await call(server, 'PATCH', `${DEPLOYMENTS}/shared?fieldManager=kubectl-set`,
      { spec: { template: { spec: { containers: [{ name: 'shared', image: 'b:2' }] } } } }, 'application/strategic-merge-patch+json');
    assert.equal(set.status, 200);
    assert.deepEqual(managers(set.body), ['capstan/Apply', 'kubectl-set/Update']);

    const refused = await apply('shared', intent('shared', 'b:3'));
    assert.equal(refused.status, 409);
    assert.equal(refused.body.reason, 'Conflict');
    assert.equal(refused.body.message, 'Apply failed with 1 conflict: conflict with "kubectl-set" using apps/v1: .spec.template.spec.containers[name="shared"].image');
    assert.deepEqual(refused.body.details.causes, [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-set" using apps/v1', field: '.spec.template.spec.containers[name="shared"].image' }]);

    const same = await apply('shared', intent('shared', 'b:2'));
    assert.equal(same.status, 200, 'applying the value the other manager set is no conflict (shared ownership)');

    const forced = await apply('shared', intent('shared', 'b:3'), 'fieldManager=capstan&force=true');
    assert.equal(forced.status, 200);
    assert.equal(forced.body.spec.template.spec.containers[0].image, 'b:3');
    assert.deepEqual(managers(forced.body), ['capstan/Apply'], 'kubectl-set lost its only field');
  });

  test('an object without managedFields is owned by before-first-apply', async () => {
    server.apply(deploymentManifest({ name: 'legacy', image: 'c:1' }));
    const res = await apply('legacy', intent('legacy', 'c:2'));
    assert.equal(res.status, 409);
    assert.match(res.body.message, /conflict with "before-first-apply" using apps\/v1: \.spec\.template\.spec\.containers\[name="legacy"\]\.image/);
  });

  test('the manager of other writes is fieldManager, else the User-Agent up to its first "/"', async () => {
    const res = await fetch(`${server.url}${DEPLOYMENTS}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokenOf(server)}`, 'content-type': 'application/json', 'user-agent': 'kubectl/v1.33.0 (linux/amd64)' },
      body: JSON.stringify(deploymentManifest({ name: 'by-agent' })),
    });
    assert.equal(res.status, 201);
    assert.deepEqual(managers(await res.json()), ['kubectl/Update']);
  });

  test('apply bodies must carry the object\'s own apiVersion, kind and name, and no managedFields', async () => {
    const cases: [Loose, RegExp][] = [
      [{ ...intent('x', 'd:1'), apiVersion: 'apps/v1beta1' }, /^Incorrect version specified in apply patch\. Specified patch version: apps\/v1beta1, expected: apps\/v1$/],
      [{ ...intent('x', 'd:1'), kind: 'StatefulSet' }, /the kind in the data \(StatefulSet\) does not match the expected kind \(Deployment\)/],
      [{ ...intent('x', 'd:1'), metadata: { name: 'y' } }, /the name of the object \(y\) does not match the name on the URL \(x\)/],
      [{ ...intent('x', 'd:1'), metadata: { name: 'x', managedFields: [{ manager: 'm' }] } }, /^metadata\.managedFields must be nil$/],
    ];
    for (const [body, message] of cases) {
      const res = await apply('x', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(res.body.message, message);
    }
    assert.equal((await apply('x', intent('x', 'd:1'), '')).status, 422, 'fieldManager is required');
  });

  test('fields the manager stops applying are removed, unless another manager owns them', async () => {
    const first = await apply('trim', intent('trim', 'e:1', { minReadySeconds: 5, revisionHistoryLimit: 4 }));
    assert.equal(first.body.spec.minReadySeconds, 5);
    await call(server, 'PATCH', `${DEPLOYMENTS}/trim?fieldManager=ops`, { spec: { revisionHistoryLimit: 7 } }, 'application/merge-patch+json');
    const trimmed = await apply('trim', intent('trim', 'e:1'));
    assert.equal(trimmed.status, 200);
    assert.equal(trimmed.body.spec.minReadySeconds, undefined);
    assert.equal(trimmed.body.spec.revisionHistoryLimit, 7, 'ops owns it now');
  });
});
