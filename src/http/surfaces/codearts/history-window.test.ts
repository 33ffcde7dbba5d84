import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../../domain/errors.ts';
import { historyWindow } from './history-window.ts';

test('the window runs from the start of start_date to the end of end_date, UTC', () => {
  assert.deepEqual(historyWindow('2026-01-01', '2026-01-31'), { from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 1, 1) - 1 });
  assert.deepEqual(historyWindow('1970-01-01', '1970-01-01'), { from: 0, to: 86_399_999 });
});

test('refused: more than 30 days, end before start, impossible dates, outside 1970..2125-12-30', () => {
  const refused = (a: string, b: string, pointer: string) =>
    assert.throws(() => historyWindow(a, b), (e: unknown) => e instanceof AppError && e.code === 'VALIDATION_FAILED' && e.errors.some((f) => f.pointer === pointer), `${a}..${b}`);
  refused('2026-01-01', '2026-02-01', '/query/end_date');
  refused('2026-01-02', '2026-01-01', '/query/end_date');
  refused('2026-02-29', '2026-03-01', '/query/start_date');
  refused('2026-01-01', '2026-13-01', '/query/end_date');
  refused('2125-12-31', '2125-12-31', '/query/start_date');
});
