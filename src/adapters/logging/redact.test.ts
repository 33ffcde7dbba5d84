import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from './create-logger.ts';
import { scrubLine } from './redact.ts';

test('scrubLine censors token query values, bearer values, capstan tokens and kubeconfig keys', () => {
  const line = scrubLine('GET /hook/trigger?token=abc.def.ghi&x=1 Authorization: Bearer s3cr3t cap_AAAAAAAAAAAAAAAAAAAAAAAA "token":"k8s-tok" client-key-data: LS0tLS1');
  for (const secret of ['abc.def.ghi', 's3cr3t', 'cap_AAAAAAAAAAAAAAAAAAAAAAAA', 'k8s-tok', 'LS0tLS1']) {
    assert.ok(!line.includes(secret), `${secret} leaked: ${line}`);
  }
  assert.ok(line.includes('x=1'), 'harmless query values stay');
});

test('the logger censors secret fields and secret shapes at every level', () => {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  const log = createLogger({ level: 'trace', destination: sink });
  log.trace({ kubeconfig: 'apiVersion: v1\nusers:\n- user:\n    token: kube-secret' }, 'cluster saved');
  log.debug({ req: { method: 'GET', url: '/hook/trigger?token=tok-123' } }, 'incoming');
  log.info({ headers: { authorization: 'Bearer cap_BBBBBBBBBBBBBBBBBBBBBBBB' } }, 'x');
  log.error(new Error('failed with token=tok-456'), 'boom');
  const all = lines.join('');
  for (const secret of ['kube-secret', 'tok-123', 'cap_BBBBBBBBBBBBBBBBBBBBBBBB', 'tok-456']) {
    assert.ok(!all.includes(secret), `${secret} leaked`);
  }
  assert.equal(lines.length, 4);
});

test('access key secrets, vendor signatures and vendor security tokens are censored', () => {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  const log = createLogger({ level: 'trace', destination: sink });
  const secret = 'capsk_0123456789abcdefghijABCDEFGHIJ0123456789';
  const acs3 = 'ACS3-HMAC-SHA256 Credential=CAPKABCDEFGHIJKLMNOPQRST,SignedHeaders=host;x-acs-date,Signature=4f0c9d3b1a2e';
  log.info({ req: { headers: { authorization: acs3, 'x-acs-security-token': 'sts-tok', 'x-tc-token': 'cam-tok', 'x-security-token': 'iam-tok' } } }, 'signed');
  log.debug({ req: { method: 'GET', url: '/v2/index.php?Action=ListTrigger&SecretId=CAPKABCDEFGHIJKLMNOPQRST&Signature=dGhpcyBpcyBpdA%3D%3D' } }, 'incoming');
  log.error(new Error(`cannot verify with ${secret}: ${acs3}`), 'oops');
  log.info({ credential: { secretKey: 'tc-secret-key', accessKeySecret: 'ali-secret' } }, 'config');
  const all = lines.join('');
  for (const leaked of [secret, '4f0c9d3b1a2e', 'sts-tok', 'cam-tok', 'iam-tok', 'dGhpcyBpcyBpdA', 'tc-secret-key', 'ali-secret']) {
    assert.ok(!all.includes(leaked), `${leaked} leaked: ${all}`);
  }
  assert.ok(all.includes('CAPKABCDEFGHIJKLMNOPQRST'), 'key ids are not secret and stay for debugging');
});

test('registry receiver ids (the URL credential of unsigned senders) keep only their first characters', () => {
  const id = 'rcv_AbCdEfGhIjKlMnOpQrStUvWxYz012345';
  const line = scrubLine(`{"url":"/api/v1/registry-events/${id}","msg":"incoming request"}`);
  assert.ok(!line.includes(id.slice(8)), line);
  assert.match(line, /\/api\/v1\/registry-events\/rcv_AbCd…\[redacted\]"/);
  assert.equal(scrubLine('rcv_short stays'), 'rcv_short stays');
});
