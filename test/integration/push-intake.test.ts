/**
 * Group commit of webhook deliveries (src/app/registry/push-intake.ts) on SQLite and PostgreSQL: concurrent
 * deliveries, duplicates among them, and one failing delivery that must not take its batch down with it.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, test, type TestContext } from 'node:test';
import { AesGcmSecretBox } from '../../src/adapters/crypto/aes-gcm-secret-box.ts';
import { createKubeConnector } from '../../src/adapters/kube/kube-connector.ts';
import { OciRegistryClient } from '../../src/adapters/registry/oci-registry-client.ts';
import { webhookParsers } from '../../src/adapters/webhooks/senders.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { systemClock } from '../../src/app/ports/clock.ts';
import type { Store } from '../../src/app/ports/store.ts';
import { createRegistryReceiver } from '../../src/app/registry/create-registry-receiver.ts';
import { acceptDelivery } from '../../src/app/registry/push-intake.ts';
import { receiveRegistryDelivery } from '../../src/app/registry/receive-registry-delivery.ts';
import { IMAGE_PUSH_MATCH_JOB } from '../../src/domain/registry-event.ts';
import { anAccount } from '../contracts/store.contract.ts';
import { onSqliteAndPostgres } from '../helpers/every-store.ts';

const V1 = 'application/vnd.docker.distribution.events.v1+json';

function envelope(id: string, tag: string, digestChar: string): Buffer {
  return Buffer.from(JSON.stringify({
    events: [{
      id, timestamp: '2026-01-01T00:00:00Z', action: 'push', actor: { name: 'ci' }, request: { host: 'registry.example:5000' },
      target: { mediaType: 'application/vnd.docker.distribution.manifest.v2+json', repository: 'shop/intake', tag, digest: `sha256:${digestChar.repeat(64)}` },
    }],
  }));
}

function intakeTests(name: string, open: (t: TestContext) => Promise<Store>): void {
  describe(`push intake on ${name}`, () => {
    test('concurrent deliveries are each answered after their commit; duplicates among them count once', async (t) => {
      const store = await open(t);
      const account = anAccount();
      await store.accounts.insert(account);
      const deps: AppDeps = {
        store, secrets: new AesGcmSecretBox(randomBytes(32)), clock: systemClock, ids: { newId: randomUUID, newOrderedId: randomUUID }, kube: createKubeConnector(),
        registry: new OciRegistryClient(), webhooks: webhookParsers,
      };
      const receiver = await createRegistryReceiver(deps, { accountId: account.id, name: 'intake', sender: 'distribution' });
      const deliveries = Array.from({ length: 60 }, (_, i) => {
        // 0–39 distinct pushes; 40–49 redeliver 0–9 (same id); 50–59 re-push 10–19 under new ids (same digest).
        if (i < 40) return envelope(`id-${i}`, `t${i}`, (i % 36).toString(36));
        if (i < 50) return envelope(`id-${i - 40}`, `t${i - 40}`, ((i - 40) % 36).toString(36));
        return envelope(`again-${i}`, `t${i - 40}`, ((i - 40) % 36).toString(36));
      });
      const answered = await Promise.all(deliveries.map(async (rawBody) => {
        const outcome = await receiveRegistryDelivery(deps, { receiverId: receiver.id, headers: { 'content-type': V1 }, rawBody });
        assert.equal(outcome.status, 'accepted');
        const [accepted] = outcome.status === 'accepted' ? outcome.events : [];
        // Resolved means committed: the event is readable by anyone now.
        assert.ok(await store.registryEvents.get(account.id, accepted!.event.id));
        return accepted!;
      }));
      const created = answered.filter((a) => a.created);
      assert.equal(created.length, 40);
      const events = (await store.registryEvents.list(account.id, { limit: 200, repository: 'shop/intake' })).items;
      assert.deepEqual(events.map((e) => e.id).sort(), created.map((a) => a.event.id).sort());
      for (const [i, a] of answered.entries()) {
        if (i >= 40) assert.equal(a.event.id, answered[i - 40]!.event.id, `delivery ${i} is the first one's duplicate`);
      }
      const jobs = await store.jobs.list(account.id, { limit: 500, kind: IMAGE_PUSH_MATCH_JOB });
      assert.deepEqual(jobs.map((j) => (j.payload as { eventId: string }).eventId).sort(), events.map((e) => e.id).sort());
    });

    test('a delivery the store refuses fails alone; the others in its batch are committed', async (t) => {
      const store = await open(t);
      const deps = { store, ids: { newId: randomUUID, newOrderedId: randomUUID } };
      const push = (tag: string) => ({
        sender: 'distribution' as const, eventId: null, dedupeKey: null, registryHost: null, repository: 'shop/isolate', tag,
        digest: `sha256:${tag.padEnd(64, '0')}`, mediaType: null, pushedAt: null, actor: null,
      });
      const origin = { accountId: 'acct', source: 'webhook' as const, sourceId: 'rcv', receivedAt: 1 };
      // An origin the schema refuses (its source check constraint): the whole shared transaction fails once.
      const poisoned = { ...origin, source: 'bogus' as unknown as 'webhook' };
      const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) =>
        acceptDelivery(deps, i === 7 ? poisoned : origin, [push(`t${i}`)])));
      assert.deepEqual(results.map((r) => r.status === 'rejected'), Array.from({ length: 20 }, (_, i) => i === 7));
      const events = (await store.registryEvents.list('acct', { limit: 50 })).items;
      assert.equal(events.length, 19);
      assert.equal((await store.jobs.list('acct', { limit: 50, kind: IMAGE_PUSH_MATCH_JOB })).length, 19);
    });
  });
}

onSqliteAndPostgres(intakeTests, 'push intake on PostgreSQL');
