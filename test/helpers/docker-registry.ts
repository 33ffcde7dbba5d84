/**
 * A real CNCF Distribution registry for tests: Debian's `docker-registry` (apt package docker-registry,
 * /usr/bin/docker-registry, Distribution 2.8) started on a free loopback port in a temp dir, optionally with
 *
 * - notifications (`notifyUrl`, `notifyHeaders`): the registry POSTs its events there, as in production
 *   (`notifications.endpoints[]`, application/vnd.docker.distribution.events.v1+json, retried until 2xx);
 * - token authentication (`tokenAuth`): Docker's token spec, with a loopback token server in this file that
 *   accepts the given users (Basic credentials) and signs RS256 JWTs with a throwaway certificate (openssl) the
 *   registry trusts (`auth.token.rootcertbundle`), so a client meets a real `WWW-Authenticate: Bearer …` challenge.
 *
 * Images are pushed with plain HTTP calls (`pushImage`): two blob uploads (POST + PUT) and a manifest PUT, a tiny
 * valid image (one tar.gz layer holding one file). Different `content` gives a different digest.
 *
 *   const registry = await startDockerRegistry({ notifyUrl, notifyHeaders: { Authorization: 'Bearer s3cret' } });
 *   const { digest } = await registry.push('shop/web', 'v1');
 *   await registry.close();
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate, createHash, randomBytes, sign } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { stringify } from 'yaml';
import { freePort } from './free-port.ts';

export const DOCKER_REGISTRY_BIN = '/usr/bin/docker-registry';

/** For `test(name, { skip })`: false when the registry binary is installed. */
export function dockerRegistrySkipReason(): string | false {
  return existsSync(DOCKER_REGISTRY_BIN) ? false : `${DOCKER_REGISTRY_BIN} is missing (apt-get install -y docker-registry)`;
}

export interface DockerRegistryOptions {
  /** Where the registry posts its notifications; omitted: webhooks off. */
  readonly notifyUrl?: string;
  /** Static headers on every notification (Distribution's only authentication), e.g. `{ Authorization: 'Bearer s3cret' }`. */
  readonly notifyHeaders?: Readonly<Record<string, string>>;
  /** Token authentication with a loopback token server accepting these users (user → password). */
  readonly tokenAuth?: { readonly users: Readonly<Record<string, string>> };
}

export interface PushedImage {
  readonly digest: string;
  readonly mediaType: string;
  readonly size: number;
}

export interface DockerRegistry {
  /** `http://127.0.0.1:<port>`: the API base URL. */
  readonly url: string;
  /** `127.0.0.1:<port>`: what image references and notifications (`request.host`) use. */
  readonly host: string;
  /** Authorization for pushing to `repository` (a push token in token mode); undefined when auth is off. */
  pushAuthorization(repository: string): string | undefined;
  /** Pushes a tiny image as `repository:tag`; `content` changes the layer and so the digest. */
  push(repository: string, tag: string, content?: string): Promise<PushedImage>;
  /** Token requests the token server answered (successfully or not). */
  readonly tokenRequests: number;
  /** The registry's stdout/stderr so far (for failure messages). */
  logs(): string;
  close(): Promise<void>;
}

export async function startDockerRegistry(options: DockerRegistryOptions = {}): Promise<DockerRegistry> {
  const skip = dockerRegistrySkipReason();
  if (skip) throw new Error(skip);
  const dir = mkdtempSync(join(tmpdir(), 'capstan-registry-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const url = `http://${host}`;
  const tokens = options.tokenAuth ? await startTokenServer(dir, options.tokenAuth.users) : null;

  const config: Record<string, unknown> = {
    version: 0.1,
    log: { level: 'info', accesslog: { disabled: true }, fields: { service: 'registry' } },
    storage: { filesystem: { rootdirectory: join(dir, 'data') }, delete: { enabled: true } },
    http: { addr: host, secret: randomBytes(16).toString('hex') },
  };
  if (options.notifyUrl !== undefined) {
    config.notifications = {
      endpoints: [{
        name: 'capstan',
        url: options.notifyUrl,
        headers: Object.fromEntries(Object.entries(options.notifyHeaders ?? {}).map(([k, v]) => [k, [v]])),
        timeout: '2s',
        threshold: 5,
        backoff: '200ms',
      }],
    };
  }
  if (tokens) config.auth = { token: { realm: `${tokens.url}/token`, service: tokens.service, issuer: tokens.issuer, rootcertbundle: tokens.certFile } };
  const configFile = join(dir, 'config.yml');
  writeFileSync(configFile, stringify(config));

  let output = '';
  const child: ChildProcess = spawn(DOCKER_REGISTRY_BIN, ['serve', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await tokens?.close();
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await waitUntilServing(url, child, () => output);
  } catch (error) {
    await close();
    throw error;
  }

  const pushAuthorization = (repository: string): string | undefined =>
    tokens ? `Bearer ${tokens.mint(repository, ['pull', 'push'])}` : undefined;
  return {
    url,
    host,
    pushAuthorization,
    push: (repository, tag, content) => pushImage(url, repository, tag, {
      ...(content === undefined ? {} : { content }),
      ...(tokens ? { authorization: pushAuthorization(repository) as string } : {}),
    }),
    get tokenRequests() {
      return tokens?.requests ?? 0;
    },
    logs: () => output,
    close,
  };
}

export interface PushOptions {
  /** Text of the one file in the layer; default `hello from <repository>:<tag>`. */
  readonly content?: string;
  /** Authorization header for every call (token mode). */
  readonly authorization?: string;
}

const MANIFEST_TYPE = 'application/vnd.docker.distribution.manifest.v2+json';

/** Pushes a one-layer image with plain HTTP calls: upload config and layer blobs, then PUT the manifest by tag. */
export async function pushImage(registryUrl: string, repository: string, tag: string, options: PushOptions = {}): Promise<PushedImage> {
  const auth: Record<string, string> = options.authorization === undefined ? {} : { authorization: options.authorization };
  const text = Buffer.from(options.content ?? `hello from ${repository}:${tag}\n`, 'utf8');
  const tar = tarWithFile('hello.txt', text);
  const layer = gzipSync(tar);
  const configBlob = Buffer.from(JSON.stringify({
    architecture: 'amd64', os: 'linux', config: { Cmd: ['/hello.txt'] },
    rootfs: { type: 'layers', diff_ids: [sha256(tar)] },
  }));
  await uploadBlob(registryUrl, repository, configBlob, auth);
  await uploadBlob(registryUrl, repository, layer, auth);
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: MANIFEST_TYPE,
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: configBlob.length, digest: sha256(configBlob) },
    layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: layer.length, digest: sha256(layer) }],
  }));
  const put = await fetch(`${registryUrl}/v2/${repository}/manifests/${tag}`, {
    method: 'PUT', headers: { 'content-type': MANIFEST_TYPE, ...auth }, body: manifest,
  });
  if (put.status !== 201) throw new Error(`manifest PUT answered ${put.status}: ${await put.text()}`);
  await put.body?.cancel();
  const digest = put.headers.get('docker-content-digest');
  if (digest !== sha256(manifest)) throw new Error(`registry digest ${digest} is not the manifest's ${sha256(manifest)}`);
  return { digest, mediaType: MANIFEST_TYPE, size: manifest.length };
}

async function uploadBlob(registryUrl: string, repository: string, blob: Buffer, auth: Record<string, string>): Promise<void> {
  const start = await fetch(`${registryUrl}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers: auth });
  if (start.status !== 202) throw new Error(`blob upload POST answered ${start.status}: ${await start.text()}`);
  await start.body?.cancel();
  const location = new URL(start.headers.get('location') as string, registryUrl);
  location.searchParams.set('digest', sha256(blob));
  const put = await fetch(location, {
    method: 'PUT', headers: { 'content-type': 'application/octet-stream', ...auth }, body: blob,
  });
  if (put.status !== 201) throw new Error(`blob upload PUT answered ${put.status}: ${await put.text()}`);
  await put.body?.cancel();
}

const sha256 = (data: Buffer): string => `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** A POSIX ustar archive holding one regular file (fixed mtime, so equal content gives equal bytes). */
function tarWithFile(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512, 0);
  const field = (value: string, offset: number) => header.write(value, offset, 'ascii');
  field(name, 0);
  field('0000644\0', 100);
  field('0000000\0', 108);
  field('0000000\0', 116);
  field(`${content.length.toString(8).padStart(11, '0')}\0`, 124);
  field('00000000000\0', 136);
  field('        ', 148);
  field('0', 156);
  field('ustar\0', 257);
  field('00', 263);
  let sum = 0;
  for (const byte of header) sum += byte;
  field(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const padding = (512 - (content.length % 512)) % 512;
  return Buffer.concat([header, content, Buffer.alloc(padding), Buffer.alloc(1024)]);
}

async function waitUntilServing(url: string, child: ChildProcess, logs: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited with ${child.exitCode}:\n${logs()}`);
    try {
      const response = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(1_000) });
      await response.body?.cancel();
      if (response.status === 200 || response.status === 401) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`docker-registry did not start within 15 s:\n${logs()}`);
    await sleep(50);
  }
}

interface TokenServer {
  readonly url: string;
  readonly service: string;
  readonly issuer: string;
  readonly certFile: string;
  readonly requests: number;
  mint(repository: string, actions: readonly string[]): string;
  close(): Promise<void>;
}

/**
 * Docker token authentication (distribution docs "Token Authentication Specification"): GET /token?service=…
 * &scope=repository:<name>:<actions> with Basic credentials → `{token, access_token, expires_in}`. Grants pull only
 * to a known user with the right password; pushes use `mint` directly.
 */
async function startTokenServer(dir: string, users: Readonly<Record<string, string>>): Promise<TokenServer> {
  const keyFile = join(dir, 'token.key');
  const certFile = join(dir, 'token.crt');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=capstan-test-tokens'], { stdio: 'ignore' });
  const key = readFileSync(keyFile);
  const x5c = new X509Certificate(readFileSync(certFile)).raw.toString('base64');
  const service = 'capstan-test-registry';
  const issuer = 'capstan-test-tokens';
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const mint = (repository: string, actions: readonly string[], subject = 'ci'): string => {
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${b64({ typ: 'JWT', alg: 'RS256', x5c: [x5c] })}.${b64({
      iss: issuer, sub: subject, aud: service, exp: now + 300, nbf: now - 10, iat: now, jti: randomBytes(8).toString('hex'),
      access: [{ type: 'repository', name: repository, actions }],
    })}`;
    return `${unsigned}.${sign('sha256', Buffer.from(unsigned), key).toString('base64url')}`;
  };

  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    const query = new URL(req.url ?? '/', 'http://token').searchParams;
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
    const [user, password] = basic ? Buffer.from(basic[1] as string, 'base64').toString('utf8').split(':') : [];
    const scope = /^repository:([^:]+):/.exec(query.get('scope') ?? '');
    if (user === undefined || users[user] !== password || query.get('service') !== service || !scope) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"errors":[{"code":"UNAUTHORIZED"}]}');
      return;
    }
    const token = mint(scope[1] as string, ['pull'], user);
    res.writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`, service, issuer, certFile,
    get requests() {
      return requests;
    },
    mint,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
