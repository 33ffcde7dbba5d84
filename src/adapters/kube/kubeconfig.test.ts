import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { stringify } from 'yaml';
import { AppError } from '../../domain/errors.ts';
import { loadKubeConfig, parseKubeconfig } from './kubeconfig.ts';

const base = () => ({
  apiVersion: 'v1',
  kind: 'Config',
  'current-context': 'ctx',
  contexts: [{ name: 'ctx', context: { cluster: 'c1', user: 'u1', namespace: 'shop' } }],
  clusters: [{ name: 'c1', cluster: { server: 'https://k8s.example.invalid:6443' } }],
  users: [{ name: 'u1', user: { token: 'very-secret-token' } }],
});

function rejects(text: string, detail: RegExp): void {
  assert.throws(() => parseKubeconfig(text), (e: unknown) => {
    assert.ok(e instanceof AppError);
    assert.equal(e.code, 'KUBECONFIG_INVALID');
    assert.match(e.detail, detail);
    assert.doesNotMatch(e.detail, /very-secret-token/);
    return true;
  });
}

describe('parseKubeconfig', () => {
  test('returns server, namespace and context name', () => {
    assert.deepEqual(parseKubeconfig(stringify(base())), {
      server: 'https://k8s.example.invalid:6443',
      namespace: 'shop',
      contextName: 'ctx',
    });
  });

  test('defaults the namespace to "default"', () => {
    const doc = base();
    doc.contexts = [{ name: 'ctx', context: { cluster: 'c1', user: 'u1' } as never }];
    assert.equal(parseKubeconfig(stringify(doc)).namespace, 'default');
  });

  test('rejects text that is not YAML', () => rejects('a: [unclosed', /not valid YAML/));
  test('rejects YAML that is not a mapping', () => rejects('- a\n- b\n', /mapping/));
  test('rejects a document that is not kind Config', () => rejects(stringify({ ...base(), kind: 'Pod' }), /kind: Config/));
  test('rejects a missing current-context', () => {
    const { ['current-context']: _omit, ...doc } = base();
    rejects(stringify(doc), /no current-context/);
  });
  test('rejects a current-context that names no context', () =>
    rejects(stringify({ ...base(), 'current-context': 'other' }), /"other" names no entry/));
  test('rejects a context that names a missing cluster', () =>
    rejects(stringify({ ...base(), clusters: [] }), /cluster "c1", which is missing/));
  test('rejects a context that names a missing user', () =>
    rejects(stringify({ ...base(), users: [] }), /user "u1", which is missing/));
  test('rejects a cluster without a server', () =>
    rejects(stringify({ ...base(), clusters: [{ name: 'c1', cluster: {} }] }), /has no server/));
  test('rejects a server that is not an http(s) URL', () =>
    rejects(stringify({ ...base(), clusters: [{ name: 'c1', cluster: { server: 'file:///etc' } }] }), /http\(s\) URL/));

  for (const field of ['exec', 'auth-provider', 'token-file', 'client-certificate', 'client-key']) {
    test(`refuses user.${field}, which would run a command or read a file on our server`, () => {
      const doc = { ...base(), users: [{ name: 'u1', user: { [field]: field === 'exec' ? { command: 'sh' } : '/etc/passwd' } }] };
      rejects(stringify(doc), new RegExp(`user\\.${field}`));
    });
  }

  test('refuses a certificate-authority file path', () => {
    const doc = { ...base(), clusters: [{ name: 'c1', cluster: { server: 'https://x', 'certificate-authority': '/ca.crt' } }] };
    rejects(stringify(doc), /cluster\.certificate-authority/);
  });
});

describe('loadKubeConfig', () => {
  test('keeps only the current context, so other entries cannot make client-node read files', () => {
    const doc = base();
    doc.users.push({ name: 'other', user: { 'token-file': '/does/not/exist' } as never });
    const { kc } = loadKubeConfig(stringify(doc));
    assert.deepEqual(kc.getUsers().map((u) => u.name), ['u1']);
    assert.equal(kc.getCurrentCluster()?.server, 'https://k8s.example.invalid:6443');
  });
});
