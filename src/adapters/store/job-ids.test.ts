import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newJobId } from './job-ids.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('job ids are RFC 9562 v7 UUIDs carrying the time, in creation order within one millisecond', () => {
  const now = Date.now() + 60_000; // ahead of any id made earlier in this process
  const ids = Array.from({ length: 5_000 }, () => newJobId(now));
  for (const id of ids) assert.match(id, UUID_V7);
  // 5 000 ids overflow the 4 096 ids one millisecond's counter holds: the timestamp moves on, never back.
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, ids.length);
  assert.equal(parseInt(ids[0]!.replace('-', '').slice(0, 12), 16), now);
  assert.equal(parseInt(ids.at(-1)!.replace('-', '').slice(0, 12), 16), now + 1);
});

test('the random tail differs between ids of the same millisecond', () => {
  const now = Date.now() + 120_000;
  const tails = new Set(Array.from({ length: 100 }, () => newJobId(now).slice(19)));
  assert.equal(tails.size, 100);
});
