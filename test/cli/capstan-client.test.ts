/**
 * The typed client on its own: paging through every page, problem details on CapstanApiError, and the
 * translation of transport failures into CapstanConnectionError.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CapstanApiError, CapstanClient, CapstanConnectionError, allItems, paginate, type PageParams } from '../../client/index.ts';
import { startTestServer, type TestServer } from './cli-harness.ts';
import { freePort } from '../helpers/free-port.ts';

describe('CapstanClient', () => {
  let server: TestServer;
  let client: CapstanClient;
  before(async () => {
    server = await startTestServer();
    client = new CapstanClient({ baseUrl: `${server.url}/`, token: server.adminToken });
    for (const name of ['a', 'b', 'c', 'd', 'e']) await client.createToken({ name, role: 'viewer' });
  });
  after(async () => { await server.stop(); });

  test('paginate walks every page in order and stops at the last cursor', async () => {
    const whole = await client.listTokens({ limit: 200 });
    assert.equal(whole.nextCursor, null);
    const requested: PageParams[] = [];
    const walked = await allItems((page) => { requested.push(page); return client.listTokens(page); }, { pageSize: 2 });
    assert.deepEqual(walked.map((t) => t.id), whole.items.map((t) => t.id));
    assert.equal(walked.length, 6, 'five created plus the admin token');
    assert.ok(requested.length >= 3, `fetched ${requested.length} pages of 2`);
    assert.equal(requested[0]!.cursor, undefined);
    assert.ok(requested.slice(1).every((p) => typeof p.cursor === 'string'));
  });

  test('breaking out of paginate stops fetching pages', async () => {
    let pages = 0;
    for await (const token of paginate((page) => { pages++; return client.listTokens(page); }, { pageSize: 2 })) {
      assert.ok(token.id);
      break;
    }
    assert.equal(pages, 1);
  });

  test('an error response becomes a CapstanApiError carrying the problem details', async () => {
    const error = await client.createToken({ name: '', role: 'root' as 'viewer' }).then(() => assert.fail('must reject'), (e: unknown) => e);
    assert.ok(error instanceof CapstanApiError);
    assert.equal(error.status, 400);
    assert.equal(error.code, 'VALIDATION_FAILED');
    assert.equal(error.title, 'Request validation failed');
    assert.deepEqual(error.errors.map((e) => e.pointer).sort(), ['/body/name', '/body/role']);
    assert.ok(error.requestId);

    const missing = await client.getApplication('nope').catch((e: unknown) => e);
    assert.ok(missing instanceof CapstanApiError && missing.status === 404 && missing.code === 'APPLICATION_NOT_FOUND');
    const unauthenticated = await new CapstanClient({ baseUrl: server.url }).getAccount().catch((e: unknown) => e);
    assert.ok(unauthenticated instanceof CapstanApiError && unauthenticated.code === 'TOKEN_MISSING');
  });

  test('a response that is not problem+json still becomes a CapstanApiError, without its body', async () => {
    const html = async () => new Response('<html>bad gateway: internal-host-name</html>', { status: 502, statusText: 'Bad Gateway', headers: { 'content-type': 'text/html' } });
    const error = await new CapstanClient({ baseUrl: server.url, fetch: html }).getAccount().catch((e: unknown) => e);
    assert.ok(error instanceof CapstanApiError);
    assert.deepEqual([error.status, error.code, error.title, error.detail], [502, 'HTTP_502', 'Bad Gateway', '']);
  });

  test('a refused connection and a timeout become CapstanConnectionError with a reason', async () => {
    const port = await freePort();
    const refused = await new CapstanClient({ baseUrl: `http://127.0.0.1:${port}` }).getAccount().catch((e: unknown) => e);
    assert.ok(refused instanceof CapstanConnectionError);
    assert.equal(refused.reason, 'ECONNREFUSED');

    const hang: typeof fetch = (_url, init) => new Promise((_resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
    });
    const timedOut = await new CapstanClient({ baseUrl: server.url, fetch: hang, timeoutMs: 20 }).getAccount().catch((e: unknown) => e);
    assert.ok(timedOut instanceof CapstanConnectionError);
    assert.equal(timedOut.reason, 'TIMEOUT');
  });

  test('a base URL that is not http(s) is refused before any request', () => {
    assert.throws(() => new CapstanClient({ baseUrl: 'ftp://example.invalid' }), TypeError);
    assert.throws(() => new CapstanClient({ baseUrl: 'not a url' }), TypeError);
  });
});
