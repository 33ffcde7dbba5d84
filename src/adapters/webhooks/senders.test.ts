import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptsContentType } from '../../app/ports/webhook-parser.ts';
import { AppError } from '../../domain/errors.ts';
import { SENDER_TYPES } from '../../domain/image-push-event.ts';
import {
  expectedShape, fixtureNames, isIgnoreExpectation, loadFixture, senderOfFixture,
} from '../../../test/fixtures/registry-webhooks/registry-webhook-fixtures.ts';
import { parserFor } from './senders.ts';

// Every recorded delivery, through the parser of the sender its file name names: a new fixture without a parser,
// or a parser that drifts from a fixture's `expect`, fails here.
describe('every registry-webhook fixture', () => {
  for (const name of fixtureNames()) {
    test(`${name}.json is parsed by its sender's parser as its expect block says`, () => {
      const sender = senderOfFixture(name);
      assert.ok(sender !== null, `no sender type matches the fixture name ${name}`);
      const fixture = loadFixture(name);
      const parser = parserFor(sender);
      assert.ok(acceptsContentType(parser, fixture.headers), `${sender} does not accept ${fixture.headers['Content-Type']}`);
      const result = parser.parse(fixture.body, fixture.headers);
      if (isIgnoreExpectation(fixture.expect)) {
        assert.equal(result.kind, 'ignored');
        assert.ok(result.kind === 'ignored' && result.reason.length > 0);
      } else {
        assert.equal(result.kind, 'push', result.kind === 'ignored' ? result.reason : '');
        assert.deepEqual(result.kind === 'push' && result.events.map(expectedShape), [fixture.expect]);
        assert.ok(result.kind === 'push' && result.events.every((e) => e.sender === sender));
      }
    });
  }
});

test('every sender type has a parser of that type and at least one fixture', () => {
  const covered = new Set(fixtureNames().map(senderOfFixture));
  for (const sender of SENDER_TYPES) {
    assert.equal(parserFor(sender).sender, sender);
    assert.ok(covered.has(sender), `no fixture for ${sender}`);
  }
});

test('a fixture name that matches no sender is reported as such', () => {
  assert.equal(senderOfFixture('gitlab'), null);
  assert.equal(senderOfFixture('dockerhub'), 'docker-hub');
  assert.equal(senderOfFixture('alibaba-acr'), 'alibaba-acr');
  assert.equal(senderOfFixture('acr-eventgrid-cloudevents'), 'acr');
});

// Whatever shape a sender delivers, a parser answers with a result or an AppError, never a TypeError: each field
// of each fixture body is replaced in turn by values of the wrong type.
test('no parser throws anything but AppError when any field of a fixture has the wrong type', () => {
  const hostile: unknown[] = [null, 7, 'x', [], {}, [{}], true];
  for (const name of fixtureNames()) {
    const fixture = loadFixture(name);
    const parser = parserFor(senderOfFixture(name)!);
    const check = (body: unknown) => {
      try {
        parser.parse(body, fixture.headers);
      } catch (e) {
        assert.ok(e instanceof AppError, `${name}: ${String(e)}`);
        assert.equal(e.code, 'VALIDATION_FAILED');
        assert.ok(e.errors.length > 0 && e.errors.every((f) => f.pointer.startsWith('/')), `${name}: no pointer`);
      }
    };
    for (const value of hostile) check(value);
    for (const mutated of mutations(fixture.body, hostile)) check(mutated);
  }
});

/** Copies of `root` with one member (at any depth) replaced by each hostile value. */
function* mutations(root: unknown, hostile: unknown[]): Generator<unknown> {
  const paths = memberPaths(root, []);
  for (const path of paths) {
    for (const value of hostile) yield replaced(root, path, value);
  }
}

function memberPaths(value: unknown, prefix: (string | number)[]): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return keys.flatMap((k) => [[...prefix, k], ...memberPaths((value as Record<string | number, unknown>)[k], [...prefix, k])]);
}

function replaced(root: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1)!] = value;
  return copy;
}
