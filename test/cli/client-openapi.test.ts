/**
 * The typed client cannot drift from the server: every call of every per-resource API (client/*.ts) names a
 * method and path that /openapi.json documents, and the CLI and UI therefore only use routes that exist.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CapstanClient, type ApiTransport, type HttpMethod } from '../../client/index.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

describe('client ↔ OpenAPI', () => {
  let app: TestApp;
  let documented: Set<string>;
  before(async () => {
    app = await buildTestApp();
    const doc = (await app.server.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    documented = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '{}')}`)));
  });
  after(() => app.close());

  test('every per-resource client method calls a documented route', async () => {
    const calls: string[] = [];
    const template = (path: string) => path.split('/').map((s) => (/^ID\d$/.test(s) ? '{}' : s)).join('/');
    const recorder: ApiTransport = {
      request<T>(method: HttpMethod, path: string): Promise<T> {
        calls.push(`${method} /api/v1${template(path)}`);
        return Promise.resolve({ items: [], nextCursor: null, requestId: 'r', code: '200' } as T);
      },
      callUrl: (method: HttpMethod) => {
        calls.push(`${method} (a handed-out URL)`);
        return Promise.resolve({ status: 200, statusText: 'OK', body: { requestId: 'r' } });
      },
    };
    const client = new CapstanClient({ baseUrl: 'http://127.0.0.1:1', token: 't' });
    const apis = { records: client.records, registry: client.registry, triggers: client.triggers, imageTriggers: client.imageTriggers, tasks: client.tasks, hooks: client.hooks, hookOverrides: client.hookOverrides, accessKeys: client.accessKeys, auditEvents: client.auditEvents, notifications: client.notifications };
    let methods = 0;
    for (const [name, api] of Object.entries(apis)) {
      const Api = api.constructor as new (http: ApiTransport) => Record<string, (...args: unknown[]) => Promise<unknown>>;
      const recording = new Api(recorder);
      for (const method of Object.getOwnPropertyNames(Api.prototype).filter((m) => m !== 'constructor')) {
        methods++;
        const before = calls.length;
        await recording[method]!('ID1', 'ID2', 'ID3').catch(() => undefined);
        assert.equal(calls.length, before + 1, `${name}.${method} made one call`);
      }
    }
    const undocumented = [...new Set(calls)].filter((c) => !c.endsWith('(a handed-out URL)') && !documented.has(c));
    assert.deepEqual(undocumented, [], 'client calls without a documented route');
    assert.ok(methods >= 50, `checked ${methods} methods`);
  });
});
