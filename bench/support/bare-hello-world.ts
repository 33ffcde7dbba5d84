import Fastify from 'fastify';
import { load, type LoadResult } from './load.ts';

/**
 * The baseline every ratio is taken against: a bare Fastify hello-world on loopback, driven by the same load
 * generator settings as the Capstan run beside it. `method` POST for benches whose Capstan side is a POST.
 */
export async function bareHelloWorld(method: 'GET' | 'POST' = 'GET'): Promise<LoadResult> {
  const app = Fastify();
  app.route({ method, url: '/hello', handler: async () => ({ hello: 'world' }) });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    return await load(`${url}/hello`, { method });
  } finally {
    await app.close();
  }
}
