/**
 * A running Capstan for the vendor-SDK tests: the real server (buildTestApp, real SQLite, real worker) listening
 * on 127.0.0.1 over plain HTTP, and an access key pair made through the native API, as an operator would.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Role } from '../../src/domain/roles.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

export interface SdkHarness {
  readonly t: TestApp;
  /** `127.0.0.1:<port>`, what the SDKs take as their endpoint. */
  readonly endpoint: string;
  close(): Promise<void>;
}

export interface AccessKeyPair {
  readonly id: string;
  readonly secret: string;
  readonly tokenId: string;
}

export async function startSdkHarness(): Promise<SdkHarness> {
  const t = await buildTestApp({ worker: true });
  await t.server.listen({ host: '127.0.0.1', port: 0 });
  const { port } = t.server.server.address() as AddressInfo;
  return { t, endpoint: `127.0.0.1:${port}`, close: () => t.close() };
}

/** A token of `role` and an access key pair of it, created over the native API with the admin token. */
export async function accessKeyFor(t: TestApp, role: Role): Promise<AccessKeyPair> {
  const token = await t.server.inject({ method: 'POST', url: '/api/v1/tokens', headers: t.admin, payload: { name: `sdk-${role}-${Date.now()}`, role } });
  assert.equal(token.statusCode, 201, token.body);
  const key = await t.server.inject({ method: 'POST', url: `/api/v1/tokens/${token.json().id}/access-keys`, headers: t.admin });
  assert.equal(key.statusCode, 201, key.body);
  return { id: key.json().id, secret: key.json().secret, tokenId: token.json().id };
}
