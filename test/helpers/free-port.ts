import { createServer, type AddressInfo } from 'node:net';

/** A loopback port that was free a moment ago (the OS picked it for a probe that is closed again). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
