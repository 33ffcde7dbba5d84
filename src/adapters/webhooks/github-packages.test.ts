import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  expectedShape, invalidAt, loadFixture, rawBodyOf, withHeader,
} from '../../../test/fixtures/registry-webhooks/registry-webhook-fixtures.ts';
import { githubPackages } from './github-packages.ts';

type Body = { action: string; package: { package_version: Record<string, unknown> & { container_metadata: { tag: { name: string } } } } };
const SECRET = "It's a Secret to Everybody";

for (const name of ['github-packages', 'github-packages-registry_package']) {
  test(`${name}.json yields the container push its expect block describes`, () => {
    const f = loadFixture(name);
    const result = githubPackages.parse(f.body, f.headers);
    assert.equal(result.kind, 'push');
    assert.deepEqual(result.kind === 'push' && result.events.map(expectedShape), [f.expect]);
  });
}

test('reads the tag from container_metadata, the pusher from sender, and treats Go\'s zero time as no time', () => {
  const f = loadFixture('github-packages');
  (f.body as Body).package.package_version.container_metadata.tag.name = 'v1.0.0';
  const result = githubPackages.parse(f.body, f.headers);
  assert.ok(result.kind === 'push');
  assert.equal(result.events[0]?.tag, 'v1.0.0');
  assert.equal(result.events[0]?.actor, 'Codertocat');
  assert.equal(result.events[0]?.pushedAt, null);
});

test('ignores an npm package, other actions and other GitHub events', () => {
  const npm = loadFixture('github-packages-nonpush');
  assert.deepEqual(githubPackages.parse(npm.body, npm.headers), { kind: 'ignored', reason: 'package registry npm is not a container registry' });
  const f = loadFixture('github-packages');
  (f.body as Body).action = 'updated';
  assert.equal(githubPackages.parse(f.body, f.headers).kind, 'ignored');
  assert.equal(githubPackages.parse({ zen: 'Keep it simple.' }, withHeader(f.headers, 'X-GitHub-Event', 'ping')).kind, 'ignored');
});

const verify = (headers: Record<string, string>, rawBody: Buffer, secret: string | null = SECRET) =>
  githubPackages.verify({ headers, rawBody, secret, now: 0 });

test('verifies X-Hub-Signature-256 over the raw body', () => {
  for (const name of ['github-packages', 'github-packages-registry_package', 'github-packages-nonpush']) {
    const f = loadFixture(name);
    assert.deepEqual(verify(f.headers, rawBodyOf(f)), { ok: true, by: 'signature' }, name);
  }
});

test('rejects a tampered body, a tampered or shortened signature, and a wrong secret', () => {
  const f = loadFixture('github-packages');
  const raw = rawBodyOf(f);
  const signature = f.headers['X-Hub-Signature-256']!;
  const flipped = signature.slice(0, -1) + (signature.endsWith('0') ? '1' : '0');
  const cases = [
    verify(f.headers, Buffer.from(raw.toString().replace('Codertocat', 'Codertocaf'))),
    verify(withHeader(f.headers, 'X-Hub-Signature-256', flipped), raw),
    verify(withHeader(f.headers, 'X-Hub-Signature-256', signature.slice(0, -2)), raw),
    verify(f.headers, raw, 'another secret'),
  ];
  for (const result of cases) assert.equal(result.ok ? 'ok' : result.error.code, 'SIGNATURE_INVALID');
});

test('does not accept the legacy SHA-1 signature alone', () => {
  const f = loadFixture('github-packages');
  const result = verify(withHeader(f.headers, 'X-Hub-Signature-256', null), rawBodyOf(f));
  assert.equal(result.ok ? 'ok' : result.error.code, 'SIGNATURE_INVALID');
});

test('a container package without package_url is VALIDATION_FAILED at that pointer', () => {
  const f = loadFixture('github-packages');
  delete (f.body as Body).package.package_version.package_url;
  assert.throws(() => githubPackages.parse(f.body, f.headers), invalidAt('/body/package/package_version/package_url'));
});
