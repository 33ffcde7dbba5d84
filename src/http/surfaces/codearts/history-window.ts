/**
 * ListDeployTaskHistoryByDate's window (H3): `start_date`/`end_date` as `yyyy-MM-dd` real dates within
 * 1970-01-01..2125-12-30, `end_date` not before `start_date`, at most 30 days apart. Days are UTC; the window runs
 * from the start of `start_date` to the end of `end_date`.
 */
import { invalid, type FieldError } from '../../../domain/errors.ts';

const DAY_MS = 86_400_000;
const MAX_SPAN_DAYS = 30;
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(2125, 11, 30);

export function historyWindow(startDate: string, endDate: string): { readonly from: number; readonly to: number } {
  const errors: FieldError[] = [];
  const from = day(startDate, '/query/start_date', errors);
  const to = day(endDate, '/query/end_date', errors);
  if (from !== null && to !== null) {
    if (to < from) errors.push({ pointer: '/query/end_date', detail: 'must not be before start_date' });
    else if ((to - from) / DAY_MS > MAX_SPAN_DAYS) errors.push({ pointer: '/query/end_date', detail: `must be at most ${MAX_SPAN_DAYS} days after start_date` });
  }
  if (errors.length > 0 || from === null || to === null) throw invalid(`The date window is not valid: ${errors.map((e) => `${e.pointer} ${e.detail}`).join('; ')}.`, errors);
  return { from, to: to + DAY_MS - 1 };
}

function day(text: string, pointer: string, errors: FieldError[]): number | null {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const ms = Date.UTC(y, m - 1, d);
  const real = Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === text;
  if (!real) {
    errors.push({ pointer, detail: 'must be a date as yyyy-MM-dd' });
    return null;
  }
  if (ms < EARLIEST || ms > LATEST) {
    errors.push({ pointer, detail: 'must be between 1970-01-01 and 2125-12-30' });
    return null;
  }
  return ms;
}
