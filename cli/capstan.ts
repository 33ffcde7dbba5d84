#!/usr/bin/env node
// The `capstan` executable. The only file that touches the real process: argv, streams, environment, exit code.
// Exit codes: 0 ok, 1 API or operation error, 2 usage error, 3 cannot reach the server (docs/cli.md).
import { runCli } from './run-cli.ts';

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => { process.stdout.write(text); },
  stderr: (text) => { process.stderr.write(text); },
  stdin: process.stdin,
  stderrIsTTY: process.stderr.isTTY === true,
  env: process.env,
});
// exitCode, not exit(): stdout may be a pipe that is still draining.
process.exitCode = code;
