/**
 * The Store contract: every implementation (SQLite in memory, SQLite file, PostgreSQL) must pass it.
 * Each test opens its own store, so tests never see each other's rows.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test, type TestContext } from 'node:test';
import type { Page, Store } from '../../src/app/ports/store.ts';
import type { Account } from '../../src/domain/account.ts';
import type { ApiToken } from '../../src/domain/api-token.ts';
import type { Application } from '../../src/domain/application.ts';
import type { Cluster } from '../../src/domain/cluster.ts';
import { AppError, type ErrorCode } from '../../src/domain/errors.ts';

export type OpenStore = () => Promise<Store>;

export function anAccount(overrides: Partial<Account> = {}): Account {
  return { id: randomUUID(), name: `acct-${randomUUID().slice(0, 8)}`, createdAt: 1_000, ...overrides };
}

export function aToken(accountId: string, overrides: Partial<ApiToken> = {}): ApiToken {
  return {
    id: randomUUID(), accountId, name: 'ci', role: 'pipeline', secretHash: randomUUID(), prefix: 'cap_abcd',
    createdAt: 1_000, lastUsedAt: null, expiresAt: null, ...overrides,
  };
}

export function aCluster(accountId: string, overrides: Partial<Cluster> = {}): Cluster {
  const id = `c-${randomUUID().slice(0, 8)}`;
  return { id, accountId, name: id, kubeconfigCiphertext: 'sealed', server: 'https://k8s.example.invalid', createdAt: 1_000, ...overrides };
}

export function anApplication(accountId: string, clusterId: string, overrides: Partial<Application> = {}): Application {
  return {
    id: randomUUID(), accountId, clusterId, name: `app-${randomUUID().slice(0, 8)}`, namespace: 'shop',
    selector: 'app.kubernetes.io/instance=shop', createdAt: 1_000, updatedAt: 1_000, ...overrides,
  };
}

export async function openFor(t: TestContext, open: OpenStore): Promise<Store> {
  const store = await open();
  t.after(() => store.close());
  return store;
}

/** A new account with one cluster, both inserted. */
export async function aSeededCluster(store: Store): Promise<{ account: Account; cluster: Cluster }> {
  const account = anAccount();
  await store.accounts.insert(account);
  const cluster = aCluster(account.id);
  await store.clusters.insert(cluster);
  return { account, cluster };
}

/** A new account, a cluster of it and an application on that cluster, all inserted. */
export async function aSeededApplication(store: Store): Promise<{ account: Account; cluster: Cluster; app: Application }> {
  const { account, cluster } = await aSeededCluster(store);
  const app = anApplication(account.id, cluster.id);
  await store.applications.insert(app);
  return { account, cluster, app };
}

/** Asserts that `promise` rejects with an AppError of `code` that keeps the driver's error as cause. */
export async function rejectsWith(promise: Promise<unknown>, code: ErrorCode): Promise<AppError> {
  const error = await promise.then(
    () => assert.fail(`expected ${code}, but it resolved`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
  assert.equal(error.code, code, error.detail);
  return error;
}

/** Walks every page; fails if the store loops. */
export async function allPages<T>(fetch: (cursor: string | null) => Promise<Page<T>>): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await fetch(cursor);
    pages.push(page.items);
    cursor = page.nextCursor;
    assert.ok(pages.length < 100, 'pagination does not terminate');
  } while (cursor !== null);
  return pages;
}

export function storeContract(name: string, open: OpenStore): void {
  describe(`Store contract: ${name}`, () => {
    accountTests(open);
    tokenTests(open);
    clusterTests(open);
    applicationTests(open);
    paginationTests(open);
    transactionTests(open);

    test('reports itself reachable with every migration applied', async (t) => {
      const store = await openFor(t, open);
      assert.deepEqual(await store.health(), { reachable: true, migrationsApplied: true });
    });
  });
}

function accountTests(open: OpenStore): void {
  describe('accounts', () => {
    test('reads back an inserted account, and null for an unknown id', async (t) => {
      const store = await openFor(t, open);
      const account = anAccount();
      await store.accounts.insert(account);
      assert.deepEqual(await store.accounts.get(account.id), account);
      assert.equal(await store.accounts.get(randomUUID()), null);
    });

    test('the default account is the first one created', async (t) => {
      const store = await openFor(t, open);
      assert.equal(await store.accounts.getDefault(), null);
      const later = anAccount({ createdAt: 2_000 });
      const first = anAccount({ createdAt: 1_000 });
      await store.accounts.insert(later);
      await store.accounts.insert(first);
      assert.deepEqual(await store.accounts.getDefault(), first);
    });

    test('rejects a reused id with ID_TAKEN and a reused name with NAME_TAKEN', async (t) => {
      const store = await openFor(t, open);
      const account = anAccount();
      await store.accounts.insert(account);
      const error = await rejectsWith(store.accounts.insert(anAccount({ id: account.id })), 'ID_TAKEN');
      assert.ok(error.cause !== undefined, 'keeps the driver error as cause');
      await rejectsWith(store.accounts.insert(anAccount({ name: account.name })), 'NAME_TAKEN');
    });
  });
}

function tokenTests(open: OpenStore): void {
  describe('tokens', () => {
    test('finds a token by account and id, and by secret hash', async (t) => {
      const store = await openFor(t, open);
      const account = anAccount();
      await store.accounts.insert(account);
      const token = aToken(account.id, { expiresAt: 9_000 });
      await store.tokens.insert(token);
      assert.deepEqual(await store.tokens.get(account.id, token.id), token);
      assert.deepEqual(await store.tokens.findBySecretHash(token.secretHash), token);
      assert.equal(await store.tokens.findBySecretHash('no-such-hash'), null);
      assert.equal(await store.tokens.get(randomUUID(), token.id), null, 'another account does not see it');
    });

    test('rejects a reused id or secret hash with ID_TAKEN, and an unknown account', async (t) => {
      const store = await openFor(t, open);
      const account = anAccount();
      await store.accounts.insert(account);
      const token = aToken(account.id);
      await store.tokens.insert(token);
      await rejectsWith(store.tokens.insert(aToken(account.id, { id: token.id })), 'ID_TAKEN');
      await rejectsWith(store.tokens.insert(aToken(account.id, { secretHash: token.secretHash })), 'ID_TAKEN');
      await rejectsWith(store.tokens.insert(aToken(randomUUID())), 'ACCOUNT_NOT_FOUND');
    });

    test('touch records when a token was last used', async (t) => {
      const store = await openFor(t, open);
      const account = anAccount();
      await store.accounts.insert(account);
      const token = aToken(account.id);
      await store.tokens.insert(token);
      await store.tokens.touch(token.id, 5_000);
      assert.equal((await store.tokens.get(account.id, token.id))?.lastUsedAt, 5_000);
    });

    test('delete removes the token and tells whether it existed', async (t) => {
      const store = await openFor(t, open);
      const account = anAccount();
      await store.accounts.insert(account);
      const token = aToken(account.id);
      await store.tokens.insert(token);
      assert.equal(await store.tokens.delete(randomUUID(), token.id), false, 'not from another account');
      assert.equal(await store.tokens.delete(account.id, token.id), true);
      assert.equal(await store.tokens.delete(account.id, token.id), false);
      assert.equal(await store.tokens.get(account.id, token.id), null);
    });
  });
}

function clusterTests(open: OpenStore): void {
  describe('clusters', () => {
    test('reads back an inserted cluster within its account only', async (t) => {
      const store = await openFor(t, open);
      const account = anAccount();
      await store.accounts.insert(account);
      const cluster = aCluster(account.id);
      await store.clusters.insert(cluster);
      assert.deepEqual(await store.clusters.get(account.id, cluster.id), cluster);
      assert.equal(await store.clusters.get(randomUUID(), cluster.id), null);
    });

    test('cluster ids are unique across accounts; names only within one', async (t) => {
      const store = await openFor(t, open);
      const [a, b] = [anAccount(), anAccount()];
      await store.accounts.insert(a);
      await store.accounts.insert(b);
      const cluster = aCluster(a.id, { name: 'prod' });
      await store.clusters.insert(cluster);
      await rejectsWith(store.clusters.insert(aCluster(b.id, { id: cluster.id })), 'ID_TAKEN');
      await rejectsWith(store.clusters.insert(aCluster(a.id, { name: 'prod' })), 'NAME_TAKEN');
      await store.clusters.insert(aCluster(b.id, { name: 'prod' }));
      await rejectsWith(store.clusters.insert(aCluster(randomUUID())), 'ACCOUNT_NOT_FOUND');
    });

    test('delete is refused with RESOURCE_IN_USE while applications use the cluster', async (t) => {
      const store = await openFor(t, open);
      const { account, cluster, app } = await aSeededApplication(store);
      await rejectsWith(store.clusters.delete(account.id, cluster.id), 'RESOURCE_IN_USE');
      assert.equal(await store.applications.delete(account.id, app.id), true);
      assert.equal(await store.clusters.delete(account.id, cluster.id), true);
      assert.equal(await store.clusters.delete(account.id, cluster.id), false);
    });
  });
}

function applicationTests(open: OpenStore): void {
  describe('applications', () => {
    async function withCluster(t: TestContext) {
      const store = await openFor(t, open);
      return { store, ...(await aSeededCluster(store)) };
    }

    test('reads back, updates and deletes an application', async (t) => {
      const { store, account, cluster } = await withCluster(t);
      const app = anApplication(account.id, cluster.id);
      await store.applications.insert(app);
      assert.deepEqual(await store.applications.get(account.id, app.id), app);
      const changed = { ...app, name: 'renamed', namespace: 'other', selector: 'tier=web', updatedAt: 7_000 };
      await store.applications.update(changed);
      assert.deepEqual(await store.applications.get(account.id, app.id), changed);
      assert.equal(await store.applications.get(randomUUID(), app.id), null);
      assert.equal(await store.applications.delete(account.id, app.id), true);
      assert.equal(await store.applications.get(account.id, app.id), null);
      await rejectsWith(store.applications.update(changed), 'APPLICATION_NOT_FOUND');
    });

    test('names are unique per cluster, on insert and on update', async (t) => {
      const { store, account, cluster } = await withCluster(t);
      const other = aCluster(account.id);
      await store.clusters.insert(other);
      await store.applications.insert(anApplication(account.id, cluster.id, { name: 'shop' }));
      await rejectsWith(store.applications.insert(anApplication(account.id, cluster.id, { name: 'shop' })), 'NAME_TAKEN');
      await store.applications.insert(anApplication(account.id, other.id, { name: 'shop' }));
      const second = anApplication(account.id, cluster.id, { name: 'blog' });
      await store.applications.insert(second);
      await rejectsWith(store.applications.update({ ...second, name: 'shop' }), 'NAME_TAKEN');
    });

    test('an application must point at a cluster of its own account', async (t) => {
      const { store, cluster } = await withCluster(t);
      const stranger = anAccount();
      await store.accounts.insert(stranger);
      await rejectsWith(store.applications.insert(anApplication(stranger.id, cluster.id)), 'CLUSTER_NOT_FOUND');
      await rejectsWith(store.applications.insert(anApplication(stranger.id, 'no-such-cluster')), 'CLUSTER_NOT_FOUND');
    });

    test('lists can be narrowed to one cluster', async (t) => {
      const { store, account, cluster } = await withCluster(t);
      const other = aCluster(account.id);
      await store.clusters.insert(other);
      const mine = anApplication(account.id, cluster.id);
      await store.applications.insert(mine);
      await store.applications.insert(anApplication(account.id, other.id));
      const page = await store.applications.list(account.id, { limit: 10, clusterId: cluster.id });
      assert.deepEqual(page, { items: [mine], nextCursor: null });
      assert.equal((await store.applications.list(account.id, { limit: 10 })).items.length, 2);
    });
  });
}

function paginationTests(open: OpenStore): void {
  describe('pagination', () => {
    test('every list pages newest first without repeating or skipping rows, even on equal times', async (t) => {
      const store = await openFor(t, open);
      const account = anAccount();
      await store.accounts.insert(account);
      const cluster = aCluster(account.id, { createdAt: 500 });
      await store.clusters.insert(cluster);
      const created: { token: string[]; cluster: string[]; app: string[] } = { token: [], cluster: [cluster.id], app: [] };
      for (let i = 0; i < 7; i++) {
        const createdAt = 1_000 + Math.floor(i / 2); // pairs share a millisecond: the id breaks the tie
        const token = aToken(account.id, { createdAt });
        const c = aCluster(account.id, { createdAt });
        const app = anApplication(account.id, cluster.id, { createdAt });
        await store.tokens.insert(token);
        await store.clusters.insert(c);
        await store.applications.insert(app);
        created.token.push(token.id);
        created.cluster.push(c.id);
        created.app.push(app.id);
      }
      const lists = {
        token: (cursor: string | null) => store.tokens.list(account.id, { limit: 3, cursor }),
        cluster: (cursor: string | null) => store.clusters.list(account.id, { limit: 3, cursor }),
        app: (cursor: string | null) => store.applications.list(account.id, { limit: 3, cursor, clusterId: cluster.id }),
      };
      for (const [kind, list] of Object.entries(lists)) {
        const pages = await allPages<{ id: string; createdAt: number }>(list);
        const items = pages.flat();
        assert.deepEqual(pages.map((p) => p.length), kind === 'cluster' ? [3, 3, 2] : [3, 3, 1], kind);
        assert.deepEqual(new Set(items.map((i) => i.id)), new Set(created[kind as keyof typeof created]), kind);
        assert.equal(items.length, new Set(items.map((i) => i.id)).size, `${kind}: no row twice`);
        const times = items.map((i) => i.createdAt);
        assert.deepEqual(times, [...times].sort((x, y) => y - x), `${kind}: newest first`);
      }
    });

    test('an empty list is one empty page; a foreign cursor is VALIDATION_FAILED', async (t) => {
      const store = await openFor(t, open);
      assert.deepEqual(await store.clusters.list(randomUUID(), { limit: 5 }), { items: [], nextCursor: null });
      await rejectsWith(store.tokens.list(randomUUID(), { limit: 5, cursor: 'not-a-cursor' }), 'VALIDATION_FAILED');
    });
  });
}

function transactionTests(open: OpenStore): void {
  describe('transactions', () => {
    test('commits all writes of a transaction together and returns its value', async (t) => {
      const store = await openFor(t, open);
      const account = anAccount();
      const cluster = aCluster(account.id);
      const value = await store.transaction(async (tx) => {
        await tx.accounts.insert(account);
        await tx.clusters.insert(cluster);
        return 'done';
      });
      assert.equal(value, 'done');
      assert.deepEqual(await store.clusters.get(account.id, cluster.id), cluster);
    });

    test('a callback that throws rolls everything back and its error comes out untouched', async (t) => {
      const store = await openFor(t, open);
      const account = anAccount();
      const boom = new Error('caller failed');
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.accounts.insert(account);
          await tx.jobs.enqueue({ accountId: account.id, kind: 'test.noop', payload: {} });
          throw boom;
        }),
        (error) => error === boom,
      );
      assert.equal(await store.accounts.get(account.id), null);
      assert.equal((await store.jobs.countByState()).queued, 0);
    });

    test('a constraint violation inside a transaction rolls back the writes before it', async (t) => {
      const store = await openFor(t, open);
      const taken = anAccount();
      await store.accounts.insert(taken);
      const fresh = anAccount();
      await rejectsWith(
        store.transaction(async (tx) => {
          await tx.accounts.insert(fresh);
          await tx.accounts.insert(anAccount({ name: taken.name }));
        }),
        'NAME_TAKEN',
      );
      assert.equal(await store.accounts.get(fresh.id), null);
    });
  });
}
