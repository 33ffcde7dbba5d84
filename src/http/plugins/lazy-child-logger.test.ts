import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import pino from 'pino';
import { lazyChildLoggers } from './lazy-child-logger.ts';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({ write(chunk, _enc, done) { for (const l of String(chunk).split('\n')) if (l) lines.push(JSON.parse(l) as Record<string, unknown>); done(); } });
  // As the process logger is made (adapters/logging/create-logger.ts): a base binding and redaction paths.
  return { lines, logger: pino({ level, base: { service: 'capstan' }, redact: { paths: ['req.headers.authorization'], censor: '[redacted]' } }, destination) };
}

describe('lazy child loggers', () => {
  test('a line carries the parent\'s and the child\'s bindings, as a pino child\'s would', async () => {
    const { lines, logger } = capture('info');
    const lazy = lazyChildLoggers()(logger, { reqId: 'r-1' });
    const real = logger.child({ reqId: 'r-1' });
    lazy.info({ n: 1 }, 'hello');
    real.info({ n: 1 }, 'hello');
    logger.flush();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(lines.length, 2);
    const [a, b] = lines.map(({ time: _t, ...rest }) => rest);
    assert.deepEqual(a, b);
    assert.equal(a!.reqId, 'r-1');
    assert.equal(a!.service, 'capstan');
  });

  test('no child is made for a request that logs nothing at the level', () => {
    const parent = pino({ level: 'warn' }, new Writable({ write(_c, _e, done) { done(); } }));
    let made = 0;
    const child = parent.child.bind(parent);
    parent.child = ((...args: Parameters<typeof parent.child>) => { made++; return child(...args); }) as typeof parent.child;
    const factory = lazyChildLoggers();
    for (let i = 0; i < 100; i++) factory(parent, { reqId: `r-${i}` }).debug('not written');
    assert.equal(made, 0);
    factory(parent, { reqId: 'r-x' }).warn('written');
    assert.equal(made, 1);
  });

  test('children of a lazy child, bindings(), and setBindings() keep every binding', async () => {
    const { lines, logger } = capture('debug');
    const lazy = lazyChildLoggers()(logger, { reqId: 'r-2' });
    const grandchild = lazy.child({ step: 'apply' });
    assert.deepEqual(lazy.bindings(), { service: 'capstan', reqId: 'r-2' });
    grandchild.debug('nested');
    lazy.setBindings({ extra: true });
    lazy.debug('rebound');
    logger.flush();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(lines[0]!.reqId, 'r-2');
    assert.equal(lines[0]!.step, 'apply');
    assert.equal(lines[1]!.reqId, 'r-2');
    assert.equal(lines[1]!.extra, true);
  });

  test('two lazy children of one parent do not share bindings', async () => {
    const { lines, logger } = capture('info');
    const factory = lazyChildLoggers();
    const a = factory(logger, { reqId: 'a' });
    const b = factory(logger, { reqId: 'b' });
    b.info('b first');
    a.info('a second');
    logger.flush();
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(lines.map((l) => l.reqId), ['b', 'a']);
  });

  test('redaction still applies to a lazy child\'s bindings', async () => {
    const { lines, logger } = capture('info');
    const lazy = lazyChildLoggers()(logger, { req: { headers: { authorization: 'Bearer cap_secret' } } });
    lazy.info('with headers');
    logger.flush();
    await new Promise((r) => setTimeout(r, 50));
    assert.doesNotMatch(JSON.stringify(lines), /cap_secret/);
  });
});
