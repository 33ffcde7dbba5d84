/**
 * `capstan access-keys` through the real executable against a real server (started as `npm start` does): the
 * one-time secret, list without it, delete, and the printed pair signing an Alibaba SDK call.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import csModule from '@alicloud/cs20151215';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { cliHome, startTestServer, type CliHome, type TestServer } from './cli-harness.ts';

const cs = csModule as unknown as typeof import('@alicloud/cs20151215') & { default: typeof import('@alicloud/cs20151215').default };

describe('capstan access-keys', () => {
  let server: TestServer;
  let home: CliHome;
  before(async () => {
    server = await startTestServer();
    home = cliHome();
    assert.equal((await home.run(['login', '--server', server.url, '--token', server.adminToken])).code, 0);
  });
  after(async () => {
    await server.stop();
    home.remove();
  });

  test('create prints the pair once with a warning; list shows no secret; the pair signs SDK calls until deleted', async () => {
    const token = JSON.parse((await home.run(['tokens', 'create', '--name', 'sdk', '--role', 'member', '-o', 'json'])).stdout);
    const created = await home.run(['access-keys', 'create', token.id, '-o', 'json']);
    assert.equal(created.code, 0, created.stderr);
    const key = JSON.parse(created.stdout);
    assert.deepEqual(Object.keys(key).sort(), ['createdAt', 'id', 'lastUsedAt', 'secret', 'tokenId']);
    assert.match(created.stderr, /^warning: the access key secret is shown only this once/);

    const client = new cs.default(new $OpenApiUtil.Config({ accessKeyId: key.id, accessKeySecret: key.secret, endpoint: new URL(server.url).host, protocol: 'HTTP' }));
    const describe = () => client.describeTrigger('no-such-cluster', new cs.DescribeTriggerRequest({ namespace: 'default', name: 'web' }))
      .then(() => 'ok', (e: { code: string }) => e.code);
    assert.equal(await describe(), 'ErrorClusterNotFound', 'the signature was accepted; the cluster is what is missing');

    const list = await home.run(['access-keys', 'list', token.id]);
    assert.equal(list.code, 0, list.stderr);
    const [header, row] = list.stdout.trimEnd().split('\n');
    assert.match(header!, /^ID\s+TOKEN\s+CREATED\s+LAST USED$/);
    assert.match(row!, new RegExp(`^${key.id}\\s+${token.id}\\s+\\S+\\s+\\S+`), 'the SDK call was recorded as a use');
    assert.ok(!list.stdout.includes(key.secret));

    const deleted = await home.run(['access-keys', 'delete', token.id, key.id]);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.equal(deleted.stdout, `Deleted access key ${key.id}.\n`);
    assert.equal(await describe(), 'InvalidAccessKeyId');
    const again = await home.run(['access-keys', 'delete', token.id, key.id]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /\(ACCESS_KEY_NOT_FOUND\)/);
  });

  test('--help and usage errors', async () => {
    for (const words of [['access-keys'], ['access-keys', 'create'], ['access-keys', 'list'], ['access-keys', 'delete']]) {
      const r = await home.run([...words, '--help']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^Usage: capstan ${words.join(' ')}\\b`));
    }
    const missing = await home.run(['access-keys', 'delete', 'only-token']);
    assert.equal(missing.code, 2);
  });
});
