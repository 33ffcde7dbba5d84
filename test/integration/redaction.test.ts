import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { buildTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../helpers/test-app.ts';

// Secrets that flow through requests in this test; none may appear in any log line at any level.
const KUBE_TOKEN = 'kube-bearer-7f3a9c1e5b2d4f6a8c0e';
const KUBE_KEY = 'LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUV2Z0lCQURBTkJna3Foa2lHOXcwQkFRRUZBQVNDQktnd2dnU2tBZ0VBQW9JQkFRQ';
const QUERY_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJ0cmlnZ2VyIjoiMSJ9.c2lnbmF0dXJl';

const kubeconfig = `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster:
    server: http://127.0.0.1:1
    insecure-skip-tls-verify: true
users:
- name: u
  user:
    token: ${KUBE_TOKEN}
    client-key-data: ${KUBE_KEY}
contexts:
- name: ctx
  context: { cluster: c, user: u }
current-context: ctx
`;

describe('secrets never reach the logs', () => {
  const lines: string[] = [];
  let t: TestApp;
  before(async () => {
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    t = await buildTestApp({ logDestination: sink, logLevel: 'trace' });
  });
  after(async () => { await t.close(); });

  test('a whole session at trace level leaks no token, header, query secret or kubeconfig content', async () => {
    const created = (await t.server.inject({ method: 'POST', url: '/api/v1/tokens', headers: t.admin, payload: { name: 'x', role: 'member' } })).json();
    const member = { authorization: `Bearer ${created.token}` };
    await t.server.inject({ method: 'POST', url: '/api/v1/clusters', headers: member, payload: { id: 'c1', name: 'c1', kubeconfig } });
    await t.server.inject({ method: 'GET', url: '/api/v1/clusters/c1', headers: member });
    await t.server.inject({ method: 'POST', url: '/api/v1/clusters', headers: member, payload: { name: 'bad', kubeconfig: `${kubeconfig}\n  broken: [` } });
    await t.server.inject({ method: 'GET', url: `/hook/trigger?token=${QUERY_TOKEN}` });
    await t.server.inject({ method: 'GET', url: '/api/v1/account', headers: { authorization: 'Bearer cap_wrongwrongwrongwrongwrong' } });
    await t.server.inject({ method: 'GET', url: '/api/v1/account', headers: { 'x-auth-token': created.token } });

    const all = lines.join('');
    assert.ok(lines.length > 10, 'the session was logged at trace level');
    assert.ok(all.includes('/hook/trigger'), 'request URLs are logged (with secrets cut)');
    for (const secret of [TEST_ADMIN_TOKEN, created.token, KUBE_TOKEN, KUBE_KEY, QUERY_TOKEN, 'cap_wrongwrongwrongwrongwrong']) {
      assert.ok(!all.includes(secret), `a secret leaked into the logs: ${secret.slice(0, 12)}…`);
    }
  });
});
