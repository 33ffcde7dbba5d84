import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { AesGcmSecretBox } from '../../../src/adapters/crypto/aes-gcm-secret-box.ts';
import { signStandardWebhook } from '../../../src/adapters/webhooks/standard-webhooks.ts';
import { triggerSigningSecret, verifyTriggerSignature } from '../../../src/app/triggers/trigger-signature.ts';
import { AppError } from '../../../src/domain/errors.ts';

const box = new AesGcmSecretBox(randomBytes(32));
const trigger = { id: 'trigger-1', jti: 'jti-1' };
const now = 1_800_000_000_000;
const ts = String(now / 1000);
const body = Buffer.from('{"resource":{}}');

test('the signing secret is a Standard Webhooks whsec_ secret, stable per trigger and different per trigger', () => {
  const secret = triggerSigningSecret(box, trigger);
  assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
  assert.equal(Buffer.from(secret.slice(6), 'base64').length, 32);
  assert.equal(triggerSigningSecret(box, trigger), secret);
  assert.notEqual(triggerSigningSecret(box, { ...trigger, jti: 'jti-2' }), secret);
});

test('a signature made by a Standard Webhooks sender verifies, also among rotated entries', () => {
  const secret = triggerSigningSecret(box, trigger);
  const signature = signStandardWebhook(secret, 'msg_1', ts, body);
  const call = { webhookId: 'msg_1', webhookTimestamp: ts, webhookSignature: signature, rawBody: body, now };
  assert.equal(verifyTriggerSignature(box, trigger, call), 'msg_1');
  const rotated = `v1,${randomBytes(32).toString('base64')} v1a,xyz ${signature}`;
  assert.equal(verifyTriggerSignature(box, trigger, { ...call, webhookSignature: rotated }), 'msg_1');
});

test('missing headers, other bodies, other secrets and stale or future timestamps are refused', () => {
  const secret = triggerSigningSecret(box, trigger);
  const good = { webhookId: 'msg_1', webhookTimestamp: ts, webhookSignature: signStandardWebhook(secret, 'msg_1', ts, body), rawBody: body, now };
  const expect = (change: object, code: string) =>
    assert.throws(() => verifyTriggerSignature(box, trigger, { ...good, ...change }), (e) => e instanceof AppError && e.code === code, JSON.stringify(change));
  expect({ webhookId: undefined }, 'SIGNATURE_INVALID');
  expect({ webhookTimestamp: undefined }, 'SIGNATURE_INVALID');
  expect({ webhookSignature: undefined }, 'SIGNATURE_INVALID');
  expect({ webhookId: 'a.b' }, 'SIGNATURE_INVALID');
  expect({ webhookTimestamp: 'soon' }, 'SIGNATURE_INVALID');
  expect({ rawBody: Buffer.from('{"resource":{} }') }, 'SIGNATURE_INVALID');
  expect({ webhookSignature: signStandardWebhook(triggerSigningSecret(box, { id: 'other', jti: 'jti-1' }), 'msg_1', ts, body) }, 'SIGNATURE_INVALID');
  expect({ webhookSignature: 'v1,short' }, 'SIGNATURE_INVALID');
  expect({ now: now + 301_000 }, 'SIGNATURE_EXPIRED');
  expect({ now: now - 301_000 }, 'SIGNATURE_EXPIRED');
  assert.equal(verifyTriggerSignature(box, trigger, { ...good, now: now + 299_000 }), 'msg_1');
});
