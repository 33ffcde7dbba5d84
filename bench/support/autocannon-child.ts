/**
 * The load generator, in its own process: `node bench/support/autocannon-child.ts '<json options>'` runs a 1 s
 * warm-up and then the measured run, and prints one JSON line with the figures. Kept out of the server's process
 * so the server's thread is measured, not the generator's request building (which costs more for POST bodies
 * with id replacement than for a bare GET, and would skew a ratio against a hello-world baseline).
 */
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2] ?? '{}') as autocannon.Options & { duration: number };
await autocannon({ ...options, duration: 1 });
const result = await autocannon(options);
process.stdout.write(`${JSON.stringify({
  rps: result.requests.average,
  p99: result.latency.p99,
  errors: result.errors + result.non2xx,
  accepted: result['2xx'],
})}\n`);
