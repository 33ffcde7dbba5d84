/**
 * The load generator, in its own process: `node bench/support/autocannon-child.ts '<json options>'` runs a 1 s
 * warm-up and then the measured run, and prints one JSON line with the figures. Kept out of the server's process
 * so the server's thread is measured, not the generator's request building (which costs more for POST bodies
 * with id replacement than for a bare GET, and would skew a ratio against a hello-world baseline).
 *
 * `pathsFile` (optional): a file of request paths, one a line, sent in turn (warm-up included) — for loads where
 * every request must name something different (a signed token each), which a JSON option cannot carry as code.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

type Options = autocannon.Options & { duration: number; pathsFile?: string };
const { pathsFile, ...options } = JSON.parse(process.argv[2] ?? '{}') as Options;
if (pathsFile !== undefined) {
  const paths = readFileSync(pathsFile, 'utf8').split('\n').filter((p) => p !== '');
  let next = 0;
  options.requests = [{ setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] }) }];
}
const warmUp = await autocannon({ ...options, duration: 1 });
const result = await autocannon(options);
process.stdout.write(`${JSON.stringify({
  rps: result.requests.average,
  p99: result.latency.p99,
  errors: result.errors + result.non2xx,
  accepted: result['2xx'],
  sent: warmUp.requests.total + result.requests.total,
})}\n`);
