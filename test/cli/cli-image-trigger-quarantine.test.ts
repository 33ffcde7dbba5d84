/**
 * `capstan image-triggers quarantine list|release` and `capstan records rollback --no-quarantine` through the real
 * executable, against a real Capstan (worker on) and the loopback Kubernetes API server: pushes arrive as
 * Distribution notifications and fire an image trigger; a rollback quarantines the image it takes away.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { deploymentManifest } from '../kube-api-server/index.ts';
import { startDeployWorld, type DeployWorld } from './cli-deploy-world.ts';

const HOST = 'registry.test:5000';
const digest = (c: string): string => `sha256:${c.repeat(64)}`;

describe('capstan image-triggers quarantine', () => {
  let world: DeployWorld;
  let triggerId = '';
  let receiverUrl = '';
  const records = { z: '', a: '' };

  before(async () => {
    world = await startDeployWorld();
    world.kube.apply(deploymentManifest({ name: 'shop', containers: [{ name: 'shop', image: `${HOST}/team/shop:v0` }] }));
    await world.kube.settle();
    triggerId = (await world.client.imageTriggers.create({
      name: 'shop-release', repository: 'team/shop', condition: { method: 'all' }, clusterId: 'loop', namespace: 'default', workloadName: 'shop', containerName: 'shop',
    })).id;
    receiverUrl = (await world.client.request<{ url: string }>('POST', '/registry-receivers', { body: { name: 'cli-quarantine', sender: 'distribution', secret: 'cli-quarantine-secret' } })).url;
  });
  after(() => world.close());

  /** Delivers a push, waits until its firing's record finished, and returns that record's id. */
  async function fire(tag: string, pushed: string): Promise<string> {
    const event = {
      id: randomUUID(), timestamp: new Date().toISOString(), action: 'push', actor: { name: 'ci' }, request: { host: HOST },
      target: { mediaType: 'application/vnd.oci.image.manifest.v1+json', repository: 'team/shop', tag, digest: pushed },
    };
    const res = await fetch(receiverUrl, {
      method: 'POST', body: JSON.stringify({ events: [event] }),
      headers: { 'content-type': 'application/vnd.docker.distribution.events.v1+json', authorization: 'Bearer cli-quarantine-secret' },
    });
    assert.equal(res.status, 202, await res.text());
    for (let tries = 0; ; tries++) {
      const log = (await world.client.imageTriggers.logs({ triggerId })).items.find((l) => l.tag === tag);
      if (log && log.status !== 'pending') {
        assert.equal(log.status, 'succeeded', log.result.returnMsg);
        return log.recordId as string;
      }
      assert.ok(tries < 300, `the push of ${tag} fired`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const list = async () => {
    const r = await world.run(['image-triggers', 'quarantine', 'list', triggerId, '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as { id: string; digest: string; recordId: string; rollbackRecordId: string }[];
  };

  test('records rollback quarantines the image it takes away; quarantine list shows it', async () => {
    records.z = await fire('v1', digest('0'));
    records.a = await fire('v2', digest('a'));
    const rolled = await world.run(['records', 'rollback', records.z, '--wait', '-o', 'json']);
    assert.equal(rolled.code, 0, rolled.stderr);
    const rollbackId = JSON.parse(rolled.stdout).id;

    const [entry, ...rest] = await list();
    assert.deepEqual(rest, []);
    assert.deepEqual([entry!.digest, entry!.recordId, entry!.rollbackRecordId], [digest('a'), records.a, rollbackId]);
    const table = await world.run(['image-triggers', 'quarantine', 'list', triggerId]);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^ID\s+QUARANTINED\s+IMAGE\s+ROLLED BACK\s+BY ROLLBACK\s+WHO\s+WHEN\s+HELD$/m);
    assert.match(table.stdout, new RegExp(`^${entry!.id}\\s+${digest('a')}\\s+${HOST}/team/shop:v2@${digest('a')}\\s+${records.a}\\s+${rollbackId}\\s+\\S+\\s+\\S+\\s+0$`, 'm'));
  });

  test('usage errors: an unknown action, release without --entry, --entry with list; an unknown trigger is the API\'s 404', async () => {
    const unknown = await world.run(['image-triggers', 'quarantine', 'purge', triggerId]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^error: unknown action "purge": use list or release/);
    const noEntry = await world.run(['image-triggers', 'quarantine', 'release', triggerId]);
    assert.equal(noEntry.code, 2);
    assert.match(noEntry.stderr, /release needs --entry/);
    assert.equal((await world.run(['image-triggers', 'quarantine', 'list', triggerId, '--entry', 'x'])).code, 2);
    assert.equal((await world.run(['image-triggers', 'quarantine', 'list'])).code, 2, 'the trigger id is required');
    const missing = await world.run(['image-triggers', 'quarantine', 'list', randomUUID()]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Image trigger .* does not exist/);
  });

  test('release --entry lets the image fire again; rollback --no-quarantine quarantines nothing', async () => {
    const [entry] = await list();
    const released = await world.run(['image-triggers', 'quarantine', 'release', triggerId, '--entry', entry!.id]);
    assert.equal(released.code, 0, released.stderr);
    assert.equal(released.stdout, `Released quarantine entry ${entry!.id}: pushes of it fire image trigger ${triggerId} again.\n`);
    assert.deepEqual(await list(), []);
    const again = await world.run(['image-triggers', 'quarantine', 'release', triggerId, '--entry', entry!.id]);
    assert.equal(again.code, 1, 'already released');

    await fire('v3', digest('b'));
    const rolled = await world.run(['records', 'rollback', records.z, '--no-quarantine', '--wait']);
    assert.equal(rolled.code, 0, rolled.stderr);
    assert.deepEqual(await list(), [], 'B was rolled away from, but not quarantined');
  });
});
