// A tiny fetch wrapper for this folder's tests: sends the server's bearer token, returns status + parsed body.
import type { KubeApiServer } from './index.ts';

/** Tests poke into arbitrary JSON; this is the one untyped door for that. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;

export interface ApiResponse { status: number; body: Loose }

export function tokenOf(server: KubeApiServer): string {
  return /token: (\S+)/.exec(server.kubeconfig)?.[1] ?? '';
}

export async function call(server: KubeApiServer, method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<ApiResponse> {
  const res = await fetch(server.url + path, {
    method,
    headers: { authorization: `Bearer ${tokenOf(server)}`, ...(body === undefined ? {} : { 'content-type': contentType }) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // plain text (healthz)
  }
  return { status: res.status, body: parsed };
}

export const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';
export const PODS = '/api/v1/namespaces/default/pods';
