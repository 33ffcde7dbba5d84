import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { AesGcmSecretBox } from '../../../src/adapters/crypto/aes-gcm-secret-box.ts';
import { signTriggerToken, triggerUrl, verifyTriggerToken } from '../../../src/app/triggers/trigger-token.ts';

const trigger = { clusterId: 'c5cdf7e3938bc4f8eb0e44b21a80f0001', ackId: 102536, jti: '0f3c9a1b2c4d5e6f7a8b9c0d1e2f3a4b' };

test('a token is an HS256 JWT {clusterId, id, jti} under the HKDF-derived trigger key, and verifies', () => {
  const master = randomBytes(32);
  const box = new AesGcmSecretBox(master);
  const token = signTriggerToken(box, trigger);
  const [h, p, s] = token.split('.') as [string, string, string];
  assert.deepEqual(JSON.parse(Buffer.from(h, 'base64url').toString()), { alg: 'HS256', typ: 'JWT' });
  assert.deepEqual(JSON.parse(Buffer.from(p, 'base64url').toString()), { clusterId: trigger.clusterId, id: '102536', jti: trigger.jti });
  // Any JWT library with the derived key would accept it: HMAC-SHA256 over "header.payload".
  const key = Buffer.from(hkdfSync('sha256', master, 'capstan mac keys v1', 'capstan/mac/ack-trigger-token', 32));
  assert.equal(s, createHmac('sha256', key).update(`${h}.${p}`).digest('base64url'));
  assert.deepEqual(verifyTriggerToken(box, token), { clusterId: trigger.clusterId, id: '102536', jti: trigger.jti });
  assert.equal(signTriggerToken(box, trigger), token, 'deterministic: recomputed on every DescribeTrigger');
  assert.match(token, /^[A-Za-z0-9_.-]+$/, 'URL-safe as is');
});

test('anything not signed by this server is refused', () => {
  const box = new AesGcmSecretBox(randomBytes(32));
  const token = signTriggerToken(box, trigger);
  const [h, p, s] = token.split('.') as [string, string, string];
  const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
  const otherPayload = Buffer.from(JSON.stringify({ ...trigger, id: '1' })).toString('base64url');
  const refused = [
    '', 'abc', `${h}.${p}`, `${h}.${p}.`, `${none}.${p}.`, `${none}.${p}.${s}`, `${h}.${otherPayload}.${s}`, `${h}.${p}.${s}x`,
    `${h}.${p}.${s.slice(0, -1)}`, `${h}.${p}.${s}.${s}`, signTriggerToken(new AesGcmSecretBox(randomBytes(32)), trigger), `${token}${'A'.repeat(2000)}`,
  ];
  for (const candidate of refused) assert.equal(verifyTriggerToken(box, candidate), null, candidate.slice(0, 60));
});

test('a signed payload that is not the claims shape is refused', () => {
  const box = new AesGcmSecretBox(randomBytes(32));
  const h = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  for (const payload of ['"x"', '{"clusterId":1,"id":"1","jti":"j"}', 'not json']) {
    const p = Buffer.from(payload).toString('base64url');
    const s = box.mac('ack-trigger-token', `${h}.${p}`).toString('base64url');
    assert.equal(verifyTriggerToken(box, `${h}.${p}.${s}`), null, payload);
  }
});

test('the trigger URL is ACK\'s form under the public URL', () => {
  assert.equal(triggerUrl('https://capstan.example', 'a.b.c'), 'https://capstan.example/hook/trigger?token=a.b.c');
});
