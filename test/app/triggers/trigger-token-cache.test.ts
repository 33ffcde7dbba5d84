import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { AesGcmSecretBox } from '../../../src/adapters/crypto/aes-gcm-secret-box.ts';
import type { SecretBox } from '../../../src/app/ports/secret-box.ts';
import { TriggerTokenCache } from '../../../src/app/triggers/trigger-token-cache.ts';
import { signTriggerToken } from '../../../src/app/triggers/trigger-token.ts';

/** The real secret box, with its MAC computations counted. */
function countingBox(): { box: SecretBox; macs: () => number } {
  const real = new AesGcmSecretBox(randomBytes(32));
  let macs = 0;
  const box: SecretBox = {
    seal: (plaintext) => real.seal(plaintext),
    open: (ciphertext) => real.open(ciphertext),
    mac: (purpose, data) => { macs++; return real.mac(purpose, data); },
  };
  return { box, macs: () => macs };
}

const trigger = (n: number) => ({ clusterId: 'c1', ackId: n, jti: `jti${n}`.padEnd(32, '0') });

test('a token seen before is answered from the cache, with the same claims, without another MAC', () => {
  const { box, macs } = countingBox();
  const token = signTriggerToken(box, trigger(1));
  const cache = new TriggerTokenCache(box);
  const before = macs();
  const first = cache.verify(token);
  assert.deepEqual(first, { clusterId: 'c1', id: '1', jti: trigger(1).jti });
  assert.equal(macs() - before, 1);
  assert.deepEqual(cache.verify(token), first);
  assert.equal(macs() - before, 1);
});

test('a forged token is refused even after the genuine one is cached, and refusals are not cached', () => {
  const { box } = countingBox();
  const genuine = signTriggerToken(box, trigger(1));
  const cache = new TriggerTokenCache(box);
  assert.notEqual(cache.verify(genuine), null);
  const [header, payload] = genuine.split('.');
  const otherClaims = Buffer.from(JSON.stringify({ clusterId: 'c1', id: '2', jti: trigger(2).jti })).toString('base64url');
  const signatureOfAnother = genuine.split('.')[2];
  assert.equal(cache.verify(`${header}.${otherClaims}.${signatureOfAnother}`), null);
  assert.equal(cache.verify(`${header}.${payload}.${'A'.repeat(43)}`), null);
  assert.equal(cache.size, 1);
});

test('a token signed under another master key is refused', () => {
  const ours = countingBox().box;
  const theirs = countingBox().box;
  const cache = new TriggerTokenCache(ours);
  assert.equal(cache.verify(signTriggerToken(theirs, trigger(1))), null);
});

test('the cache stays within its bound', () => {
  const { box } = countingBox();
  const cache = new TriggerTokenCache(box, 3);
  for (let n = 1; n <= 10; n++) assert.notEqual(cache.verify(signTriggerToken(box, trigger(n))), null);
  assert.ok(cache.size <= 3, `size ${cache.size}`);
});
