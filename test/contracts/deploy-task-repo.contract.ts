/**
 * DeployTaskRepo contract: SQLite (memory and file) and PostgreSQL must pass it. Each test opens its own store.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import type { DeployTask } from '../../src/domain/deploy-task.ts';
import { allPages, anAccount, openFor, rejectsWith, type OpenStore } from './store.contract.ts';

const PROJECT = 'a'.repeat(32);

export function aDeployTask(accountId: string, overrides: Partial<DeployTask> = {}): DeployTask {
  const id = randomUUID().replaceAll('-', '');
  return {
    id, accountId, projectId: PROJECT, projectName: 'default', name: `task_${id.slice(0, 8)}`, description: 'ships web',
    state: 'Available', templateId: null,
    params: [
      { name: 'image', type: 'text', value: 'registry.example/web:1', description: 'image to run', static: false, limits: [] },
      { name: 'tier', type: 'enum', value: 'gold', description: '', static: true, limits: ['gold', 'silver'] },
      { name: 'token', type: 'encrypt', value: 'v1:ciphertext', description: '', static: false, limits: [] },
    ],
    steps: [
      { type: 'set-image', name: 'set image', enabled: true, target: { clusterId: 'c1', namespace: 'default', kind: 'Deployment', workload: 'web' }, container: 'web', image: '${image}', waitRollout: true },
      { type: 'wait-rollout', name: 'wait', enabled: false, target: { applicationId: 'app-1' }, timeoutSeconds: 120 },
      { type: 'apply', name: 'config', enabled: true, clusterId: '${env}', namespace: 'default', manifest: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n' },
    ],
    triggerRule: { triggerSource: '1', artifactSourceSystem: 'Artifact', artifactType: 'docker' },
    timeoutSeconds: 600, createdBy: { tokenId: 'tok-1', name: 'ci' }, createdAt: 1_000, updatedAt: 1_000,
    ...overrides,
  };
}

export function deployTaskRepoContract(name: string, open: OpenStore): void {
  describe(`DeployTaskRepo contract: ${name}`, () => {
    test('insert then get round-trips every field; another account sees nothing', async (t) => {
      const store = await openFor(t, open);
      const account = anAccount();
      await store.accounts.insert(account);
      const task = aDeployTask(account.id);
      await store.deployTasks.insert(task);
      assert.deepEqual(await store.deployTasks.get(account.id, task.id), task);
      const minimal = aDeployTask(account.id, { templateId: task.id, createdBy: null, triggerRule: { triggerSource: '0', artifactSourceSystem: null, artifactType: null }, params: [], steps: [], state: 'Draft' });
      await store.deployTasks.insert(minimal);
      assert.deepEqual(await store.deployTasks.get(account.id, minimal.id), minimal);
      assert.equal(await store.deployTasks.get('other-account', task.id), null);
      assert.equal(await store.deployTasks.get(account.id, 'f'.repeat(32)), null);
    });

    test('names are unique per account and project: NAME_TAKEN; the same name elsewhere is fine; a duplicate id is ID_TAKEN', async (t) => {
      const store = await openFor(t, open);
      const [a, b] = [anAccount(), anAccount()];
      await store.accounts.insert(a);
      await store.accounts.insert(b);
      const task = aDeployTask(a.id, { name: 'web-deploy' });
      await store.deployTasks.insert(task);
      await rejectsWith(store.deployTasks.insert(aDeployTask(a.id, { name: 'web-deploy' })), 'NAME_TAKEN');
      await store.deployTasks.insert(aDeployTask(a.id, { name: 'web-deploy', projectId: 'b'.repeat(32) }));
      await store.deployTasks.insert(aDeployTask(b.id, { name: 'web-deploy' }));
      await rejectsWith(store.deployTasks.insert(aDeployTask(a.id, { id: task.id })), 'ID_TAKEN');
    });

    test('update replaces the definition, keeps createdAt, refuses a taken name and a missing task', async (t) => {
      const store = await openFor(t, open);
      const account = anAccount();
      await store.accounts.insert(account);
      const task = aDeployTask(account.id);
      const other = aDeployTask(account.id, { name: 'other-task' });
      await store.deployTasks.insert(task);
      await store.deployTasks.insert(other);
      const changed: DeployTask = {
        ...task, name: 'renamed', description: '', state: 'Draft', params: [], steps: [],
        triggerRule: { triggerSource: '0', artifactSourceSystem: null, artifactType: null }, timeoutSeconds: 30, updatedAt: 2_000,
      };
      await store.deployTasks.update({ ...changed, createdAt: 99 });
      assert.deepEqual(await store.deployTasks.get(account.id, task.id), changed);
      await rejectsWith(store.deployTasks.update({ ...changed, name: 'other-task' }), 'NAME_TAKEN');
      await rejectsWith(store.deployTasks.update({ ...changed, id: 'e'.repeat(32) }), 'RESOURCE_NOT_FOUND');
      await rejectsWith(store.deployTasks.update({ ...changed, accountId: 'someone-else' }), 'RESOURCE_NOT_FOUND');
    });

    test('list pages newest first by cursor, filtered by project; listByPosition pages by offset with the total', async (t) => {
      const store = await openFor(t, open);
      const account = anAccount();
      await store.accounts.insert(account);
      const tasks: DeployTask[] = [];
      for (let i = 0; i < 7; i++) {
        const task = aDeployTask(account.id, { name: `task-${i}`, createdAt: 1_000 + (i % 3), projectId: i === 6 ? 'c'.repeat(32) : PROJECT });
        tasks.push(task);
        await store.deployTasks.insert(task);
      }
      const newestFirst = (list: DeployTask[]) => [...list].sort((x, y) => y.createdAt - x.createdAt || (y.id < x.id ? -1 : 1)).map((x) => x.id);
      const pages = await allPages((cursor) => store.deployTasks.list(account.id, { limit: 2, cursor }));
      assert.deepEqual(pages.map((p) => p.length), [2, 2, 2, 1]);
      assert.deepEqual(pages.flat().map((x) => x.id), newestFirst(tasks));
      const inProject = tasks.filter((x) => x.projectId === PROJECT);
      const projectPages = await allPages((cursor) => store.deployTasks.list(account.id, { limit: 4, cursor, projectId: PROJECT }));
      assert.deepEqual(projectPages.flat().map((x) => x.id), newestFirst(inProject));
      const first = await store.deployTasks.listByPosition(account.id, { projectId: PROJECT, offset: 0, limit: 4 });
      const second = await store.deployTasks.listByPosition(account.id, { projectId: PROJECT, offset: 4, limit: 4 });
      assert.equal(first.total, 6);
      assert.equal(second.total, 6);
      assert.deepEqual([...first.items, ...second.items].map((x) => x.id), newestFirst(inProject));
      assert.deepEqual(await store.deployTasks.listByPosition(account.id, { projectId: PROJECT, offset: 100, limit: 4 }), { items: [], total: 6 });
      assert.deepEqual(await store.deployTasks.listByPosition('nobody', { projectId: PROJECT, offset: 0, limit: 4 }), { items: [], total: 0 });
    });

    test('delete removes only the account\'s own task, once; a rolled-back transaction writes nothing', async (t) => {
      const store = await openFor(t, open);
      const account = anAccount();
      await store.accounts.insert(account);
      const task = aDeployTask(account.id);
      await store.deployTasks.insert(task);
      assert.equal(await store.deployTasks.delete('someone-else', task.id), false);
      assert.equal(await store.deployTasks.delete(account.id, task.id), true);
      assert.equal(await store.deployTasks.delete(account.id, task.id), false);
      assert.equal(await store.deployTasks.get(account.id, task.id), null);
      await assert.rejects(store.transaction(async (tx) => {
        await tx.deployTasks.insert(aDeployTask(account.id, { name: 'half-written' }));
        throw new Error('roll back');
      }));
      assert.deepEqual((await store.deployTasks.list(account.id, { limit: 10 })).items, []);
    });
  });
}
