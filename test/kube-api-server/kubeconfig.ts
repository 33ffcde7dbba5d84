// The kubeconfig tests hand to clients. Plain http on loopback needs `insecure-skip-tls-verify: true`, or
// @kubernetes/client-node 2.x refuses with "HTTP protocol is not allowed when skipTLSVerify is not set or false"
// (reference stack-feasibility §9).
import { stringify } from 'yaml';

export function buildKubeconfig(url: string, token: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'capstan-test', cluster: { server: url, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'capstan-test', user: { token } }],
    contexts: [{ name: 'capstan-test', context: { cluster: 'capstan-test', user: 'capstan-test', namespace: 'default' } }],
    'current-context': 'capstan-test',
  });
}
