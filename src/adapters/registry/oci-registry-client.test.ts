/**
 * The OCI client against small loopback HTTP servers that speak the parts of the distribution API and Docker's token
 * protocol a test needs to control (challenges, token lifetimes, slow or broken answers), and against the real
 * Debian docker-registry for pagination and digests (the token flow against the real registry is exercised by
 * test/integration/registry-push.int.test.ts).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RegistryRepositoryRef } from '../../app/ports/registry-client.ts';
import { AppError, type ErrorCode } from '../../domain/errors.ts';
import { dockerRegistrySkipReason, startDockerRegistry } from '../../../test/helpers/docker-registry.ts';
import { OciRegistryClient } from './oci-registry-client.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

async function serve(t: TestContext, handler: Handler): Promise<string> {
  const server = createServer((req, res) => handler(req, res, new URL(req.url ?? '/', 'http://x')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

async function rejectsWith(promise: Promise<unknown>, code: ErrorCode, detail?: RegExp): Promise<AppError> {
  const error = await promise.then(() => assert.fail(`expected ${code}`), (e: unknown) => e);
  assert.ok(error instanceof AppError, String(error));
  assert.equal(error.code, code, error.detail);
  if (detail) assert.match(error.detail, detail);
  return error;
}

const ref = (registryUrl: string, credentials: RegistryRepositoryRef['credentials'] = null): RegistryRepositoryRef =>
  ({ registryUrl, repository: 'shop/web', credentials });
const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('OciRegistryClient', () => {
  test('answers a Basic challenge with the stored credentials, then sends them up front', async (t) => {
    const seen: (string | undefined)[] = [];
    const url = await serve(t, (req, res) => {
      seen.push(req.headers.authorization);
      if (req.headers.authorization !== `Basic ${Buffer.from('robot:s3cret').toString('base64')}`) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="Registry Realm"' }).end();
        return;
      }
      json(res, 200, { name: 'shop/web', tags: ['v1', 'v2'] });
    });
    const client = new OciRegistryClient();
    const creds = { username: 'robot', password: 's3cret' };
    assert.deepEqual(await client.listTags(ref(url, creds)), { tags: ['v1', 'v2'], truncated: false });
    assert.deepEqual(await client.listTags(ref(url, creds)), { tags: ['v1', 'v2'], truncated: false });
    assert.equal(seen.length, 3, 'one challenge, then the credentials are sent at once');
    assert.equal(seen[0], undefined);
    const anonymous = await rejectsWith(client.listTags(ref(url)), 'REGISTRY_AUTH_FAILED', /user name and password/);
    const wrong = await rejectsWith(client.listTags(ref(url, { username: 'robot', password: 'nope-nope' })), 'REGISTRY_AUTH_FAILED', /refused the stored credentials/);
    assert.ok(!`${anonymous.detail}${wrong.detail}`.includes('nope-nope'));
  });

  test('follows a Bearer challenge to the token realm, caches the token for its lifetime, then renews it', async (t) => {
    const tokenQueries: URLSearchParams[] = [];
    let issued = 0;
    const valid = new Set<string>();
    const url = await serve(t, (req, res, u) => {
      if (u.pathname === '/token') {
        tokenQueries.push(u.searchParams);
        if (req.headers.authorization !== `Basic ${Buffer.from('robot:tok-pass').toString('base64')}`) return json(res, 401, {});
        const token = `tok-${++issued}`;
        valid.add(token);
        // expires_in 6 s: the client renews 5 s early, so this token is reused for about 1 s.
        return json(res, 200, { access_token: token, expires_in: 6 });
      }
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (bearer === undefined || !valid.has(bearer)) {
        res.writeHead(401, { 'www-authenticate': `Bearer realm="${`http://127.0.0.1:${(req.socket.localPort as number)}/token`}",service="test-registry",scope="repository:shop/web:pull"` }).end();
        return;
      }
      if (req.method === 'HEAD') {
        res.writeHead(200, { 'docker-content-digest': DIGEST, 'content-type': 'application/vnd.oci.image.index.v1+json' }).end();
        return;
      }
      json(res, 200, { tags: ['v1'] });
    });
    const client = new OciRegistryClient();
    const r = ref(url, { username: 'robot', password: 'tok-pass' });
    assert.deepEqual((await client.listTags(r)).tags, ['v1']);
    assert.deepEqual(await client.headManifest(r, 'v1'), { digest: DIGEST, mediaType: 'application/vnd.oci.image.index.v1+json' });
    assert.equal(issued, 1, 'the token is reused');
    const query = tokenQueries[0]!;
    assert.deepEqual([query.get('service'), query.get('scope'), query.get('account')], ['test-registry', 'repository:shop/web:pull', 'robot']);
    await sleep(1_100);
    await client.listTags(r);
    assert.equal(issued, 2, 'an expired token is renewed');
    await rejectsWith(client.listTags(ref(url, { username: 'robot', password: 'bad-pass' })), 'REGISTRY_AUTH_FAILED', /token service refused the stored credentials/);
  });

  test('a token the registry still refuses, or a token answer without a token, is an error', async (t) => {
    const url = await serve(t, (req, res, u) => {
      if (u.pathname === '/token') return json(res, 200, u.searchParams.get('scope')?.includes('empty') ? { nothing: true } : { token: 'useless' });
      res.writeHead(401, { 'www-authenticate': `Bearer realm="http://127.0.0.1:${req.socket.localPort as number}/token"` }).end();
    });
    const client = new OciRegistryClient();
    await rejectsWith(client.listTags(ref(url)), 'REGISTRY_AUTH_FAILED', /refused anonymous access/);
    await rejectsWith(client.listTags({ registryUrl: url, repository: 'shop/empty', credentials: null }), 'REGISTRY_UPSTREAM', /without a token/);
  });

  test('pages through Link headers up to maxTags, and never follows a link to another host', async (t) => {
    const all = ['a', 'b', 'c', 'd', 'e'];
    const url = await serve(t, (_req, res, u) => {
      const n = Number(u.searchParams.get('n'));
      const last = u.searchParams.get('last');
      if (last === 'evil') return json(res, 200, { tags: [] });
      const start = last === null ? 0 : all.indexOf(last) + 1;
      const page = all.slice(start, start + n);
      const more = start + n < all.length;
      json(res, 200, { tags: page }, more ? { link: `</v2/shop/web/tags/list?n=${n}&last=${page.at(-1)}>; rel="next"` } : {});
    });
    assert.deepEqual(await new OciRegistryClient({ pageSize: 2 }).listTags(ref(url)), { tags: all, truncated: false });
    assert.deepEqual(await new OciRegistryClient({ pageSize: 2 }).listTags(ref(url), { maxTags: 3 }), { tags: ['a', 'b', 'c'], truncated: true });
    assert.deepEqual(await new OciRegistryClient({ pageSize: 2, maxPages: 2 }).listTags(ref(url)), { tags: ['a', 'b', 'c', 'd'], truncated: true });

    const other = await serve(t, (_req, res) => json(res, 200, { tags: ['x'] }, { link: '<http://127.0.0.2:1/v2/shop/web/tags/list?last=evil>; rel="next"' }));
    await rejectsWith(new OciRegistryClient().listTags(ref(other)), 'REGISTRY_UPSTREAM', /another host/);
  });

  test('resolves a digest by hashing the manifest when a registry omits Docker-Content-Digest', async (t) => {
    const manifest = Buffer.from('{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}');
    const accepts: string[] = [];
    const url = await serve(t, (req, res, u) => {
      accepts.push(req.headers.accept ?? '');
      if (u.pathname.endsWith('/missing')) return json(res, 404, { errors: [{ code: 'MANIFEST_UNKNOWN' }] });
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : manifest);
    });
    const head = await new OciRegistryClient().headManifest(ref(url), 'v1');
    assert.deepEqual(head, { digest: `sha256:${createHash('sha256').update(manifest).digest('hex')}`, mediaType: 'application/vnd.oci.image.manifest.v1+json' });
    for (const type of ['application/vnd.oci.image.index.v1+json', 'application/vnd.oci.image.manifest.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json', 'application/vnd.docker.distribution.manifest.v2+json']) {
      assert.ok(accepts[0]?.includes(type), type);
    }
    assert.equal(await new OciRegistryClient().headManifest(ref(url), 'missing'), null);
    await rejectsWith(new OciRegistryClient().headManifest(ref(url), 'bad tag!'), 'VALIDATION_FAILED');
  });

  test('slow, unreachable, throttled, failing and oversized answers become registry errors', async (t) => {
    const url = await serve(t, (_req, res, u) => {
      const repo = u.pathname.split('/')[3];
      if (repo === 'slow') return; // never answers
      if (repo === 'throttled') return json(res, 429, {}, { 'retry-after': '7' });
      if (repo === 'down') return json(res, 503, {});
      if (repo === 'huge') return json(res, 200, { tags: Array.from({ length: 500 }, (_, i) => `tag-${i}`) });
      if (repo === 'nulltags') return json(res, 200, { name: 'shop/nulltags', tags: null });
      if (repo === 'notjson') return res.writeHead(200).end('<html>');
      json(res, 404, { errors: [{ code: 'NAME_UNKNOWN' }] });
    });
    const client = new OciRegistryClient({ timeoutMs: 300, maxBodyBytes: 1_000 });
    const on = (name: string) => ({ registryUrl: url, repository: `shop/${name}`, credentials: null });
    await rejectsWith(client.listTags(on('slow')), 'REGISTRY_UNAVAILABLE', /no answer within 300 ms/);
    const throttled = await rejectsWith(client.listTags(on('throttled')), 'REGISTRY_UPSTREAM', /429/);
    assert.equal(throttled.retryAfterS, 7);
    await rejectsWith(client.listTags(on('down')), 'REGISTRY_UNAVAILABLE', /503/);
    await rejectsWith(client.listTags(on('huge')), 'REGISTRY_UPSTREAM', /larger than 1000 bytes/);
    await rejectsWith(client.listTags(on('notjson')), 'REGISTRY_UPSTREAM', /not JSON/);
    await rejectsWith(client.listTags(on('gone')), 'REGISTRY_UPSTREAM', /no such repository/);
    assert.deepEqual(await client.listTags(on('nulltags')), { tags: [], truncated: false });
    await rejectsWith(client.listTags(ref('http://127.0.0.1:1')), 'REGISTRY_UNAVAILABLE', /unreachable/);
    const cancelled = new AbortController();
    const pending = client.listTags(on('slow'), { signal: cancelled.signal });
    cancelled.abort();
    await rejectsWith(pending, 'REGISTRY_UNAVAILABLE', /cancelled/);
  });

  test('against the real docker-registry: Link pagination, digests, unknown tags and repositories', { skip: dockerRegistrySkipReason() }, async (t) => {
    const registry = await startDockerRegistry();
    t.after(() => registry.close());
    const pushed = new Map<string, string>();
    for (const tag of ['1.0', '1.1', '2.0', 'latest', 'rc']) pushed.set(tag, (await registry.push('shop/web', tag)).digest);
    const client = new OciRegistryClient({ pageSize: 2 });
    // Distribution 2.8 does not sort across pages; every tag must still come exactly once.
    const listing = await client.listTags(ref(registry.url));
    assert.deepEqual([...listing.tags].sort(), ['1.0', '1.1', '2.0', 'latest', 'rc']);
    assert.equal(listing.truncated, false);
    for (const [tag, digest] of pushed) assert.equal((await client.headManifest(ref(registry.url), tag))?.digest, digest, tag);
    assert.equal((await client.headManifest(ref(registry.url), pushed.get('rc') as string))?.digest, pushed.get('rc'), 'by digest too');
    assert.equal(await client.headManifest(ref(registry.url), 'nope'), null);
    await rejectsWith(client.listTags({ registryUrl: registry.url, repository: 'shop/none', credentials: null }), 'REGISTRY_UPSTREAM', /no such repository/);
  });
});
