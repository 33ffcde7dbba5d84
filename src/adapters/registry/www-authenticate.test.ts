import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseChallenges } from './www-authenticate.ts';

test('a Docker Hub bearer challenge yields realm, service and scope', () => {
  assert.deepEqual(parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"'), [{
    scheme: 'bearer',
    params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull' },
  }]);
});

test('several challenges in one header, unquoted values, escapes and odd spacing', () => {
  assert.deepEqual(parseChallenges('Basic realm="Registry Realm", Bearer realm=https://r.example/token , service = "a\\"b"'), [
    { scheme: 'basic', params: { realm: 'Registry Realm' } },
    { scheme: 'bearer', params: { realm: 'https://r.example/token', service: 'a"b' } },
  ]);
  assert.deepEqual(parseChallenges('BASIC'), [{ scheme: 'basic', params: {} }]);
  assert.deepEqual(parseChallenges(''), []);
});
