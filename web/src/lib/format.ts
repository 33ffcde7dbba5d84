/** Display formats shared by the pages. Times are shown in the browser's locale, with the ISO value as a title. */

/** Accepts the API's RFC 3339 strings and epoch milliseconds. */
export function toDate(value: string | number | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatTime(value: string | number | null | undefined): string {
  const date = toDate(value);
  if (!date) return '—';
  return date.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function isoTime(value: string | number | null | undefined): string | undefined {
  return toDate(value)?.toISOString();
}

/** 850 ms → "0.9 s", 75 s → "1 min 15 s", 2 h → "2 h 0 min". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** Duration between two times; a running item (no end) counts to now. */
export function elapsed(start: string | number | null | undefined, end: string | number | null | undefined): string {
  const from = toDate(start);
  if (!from) return '—';
  const to = toDate(end) ?? new Date();
  return formatDuration(to.getTime() - from.getTime());
}

/**
 * The last 12 characters of an id: random in every id Capstan makes, where the start of a time-ordered one (deploy
 * records, registry events: UUIDv7) is a timestamp shared by everything created in the same moment.
 */
export function shortId(id: string): string {
  return id.length > 12 ? id.slice(-12) : id;
}

/** A record's type and the action its hooks see, without saying "deploy (deploy)": `trigger: redeploy`, `rollback`. */
export function recordKind(r: { readonly type: string; readonly hookAction: string }): string {
  return r.type === r.hookAction ? r.type : `${r.type}: ${r.hookAction}`;
}
