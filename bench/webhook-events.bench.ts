/**
 * Registry webhook intake throughput: CNCF Distribution notifications (one manifest push per envelope, as
 * registry v3 sends them, each a new event) POSTed to a receiver with a shared secret, each one verified, parsed,
 * and committed with its `image-push.match` job to the SQLite store in its data file (WAL) before the 202, against a
 * bare Fastify hello-world, in the same run, on loopback, with the same load generator settings. Prints both, the
 * ratio (target >= 0.5), and checks afterwards that every 202 left exactly one event and one job behind.
 *
 * The loads alternate for BENCH_ROUNDS rounds (bench/support/rounds.ts); the ratio is the median of per-round ratios.
 *
 *   node bench/webhook-events.bench.ts      (BENCH_SECONDS=5 BENCH_CONNECTIONS=50 BENCH_ROUNDS=3 by default; bounded in time)
 */
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import { createRegistryReceiver } from '../src/app/registry/create-registry-receiver.ts';
import { IMAGE_PUSH_MATCH_JOB } from '../src/domain/registry-event.ts';
import { BENCH_CONNECTIONS as CONNECTIONS, BENCH_SECONDS as SECONDS, load, type LoadResult } from './support/load.ts';
import { BENCH_ROUNDS, inRounds, row, verdict } from './support/rounds.ts';
import { bareHelloWorld } from './support/bare-hello-world.ts';
import { countJobs, startBenchCapstan } from './support/bench-capstan.ts';

const SECRET = randomBytes(24).toString('base64url');
const CONTENT_TYPE = 'application/vnd.docker.distribution.events.v1+json';

type Result = LoadResult;

/** A Distribution envelope as registry 2.8 sends it; autocannon replaces `[<id>]` per request (new id, tag, digest). */
const envelope = JSON.stringify({
  events: [{
    id: '[<id>]',
    timestamp: '2026-01-01T00:00:00.000000000Z',
    action: 'push',
    target: {
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      size: 528,
      digest: `sha256:${'0'.repeat(40)}[<id>]`,
      length: 528,
      repository: 'shop/web',
      url: 'http://registry.example:5000/v2/shop/web/manifests/sha256:0',
      tag: 'build-[<id>]',
    },
    request: { id: 'req', addr: '127.0.0.1:50000', host: 'registry.example:5000', method: 'PUT', useragent: 'docker/27' },
    actor: { name: 'ci' },
    source: { addr: 'registry:5000', instanceID: 'bench' },
  }],
}, null, 3);

/** Context only: the same envelopes POSTed to a bare Fastify route that reads the body and answers, storing nothing. */
async function barePost(): Promise<Result> {
  const app = Fastify();
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.post('/events', async (request) => ({ events: (JSON.parse(String(request.body)) as { events: unknown[] }).events.length }));
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    return await load(`${url}/events`, { method: 'POST', headers: { 'content-type': CONTENT_TYPE }, body: envelope, idReplacement: true });
  } finally {
    await app.close();
  }
}

/** A Capstan with one Distribution receiver: its URL, and what the store holds afterwards. */
async function startCapstan(): Promise<{ url: string; counts: () => Promise<{ stored: number; jobs: number }>; stop: () => Promise<void> }> {
  let receiverId = '';
  const capstan = await startBenchCapstan({
    prepare: async (deps, accountId) => {
      receiverId = (await createRegistryReceiver(deps, { accountId, name: 'bench', sender: 'distribution', secret: SECRET })).id;
    },
  });
  const { store } = capstan.deps;
  return {
    url: `${capstan.url}/api/v1/registry-events/${receiverId}`,
    counts: async () => ({
      stored: await countAll((cursor) => store.registryEvents.list(capstan.accountId, { limit: 500, cursor })),
      jobs: await countJobs(store, capstan.accountId, IMAGE_PUSH_MATCH_JOB),
    }),
    stop: capstan.stop,
  };
}

async function countAll(page: (cursor: string | null) => Promise<{ items: unknown[]; nextCursor: string | null }>): Promise<number> {
  let total = 0;
  let cursor: string | null = null;
  do {
    const next = await page(cursor);
    total += next.items.length;
    cursor = next.nextCursor;
  } while (cursor !== null);
  return total;
}

const capstan = await startCapstan();
try {
  const results = await inRounds({
    baseline: () => bareHelloWorld(),
    post: () => barePost(),
    ours: () => load(capstan.url, {
      method: 'POST',
      headers: { 'content-type': CONTENT_TYPE, authorization: `Bearer ${SECRET}` },
      body: envelope,
      idReplacement: true,
    }),
  });
  const { stored, jobs } = await capstan.counts();
  const accepted = results.ours.reduce((sum, r) => sum + r.accepted, 0);
  console.log(row('bare fastify hello-world', results.baseline));
  console.log(`${row('bare fastify POST of the same envelopes', results.post)}  (context: transport and load generator, nothing stored)`);
  console.log(row('capstan POST /api/v1/registry-events', results.ours, 'events/s'));
  console.log(verdict('webhook events vs bare', results.ours, results.baseline, 0.5));
  console.log(`${CONNECTIONS} connections, ${SECONDS} s per load, ${BENCH_ROUNDS} rounds alternating, loopback, SQLite file (WAL)`);
  console.log(`durability: ${accepted} answered 2xx in the measured runs (warm-ups also stored), ${stored} events and ${jobs} match jobs stored`);
  if (results.ours.some((r) => r.errors > 0) || stored !== jobs || stored < accepted) process.exitCode = 1;
} finally {
  await capstan.stop();
}
