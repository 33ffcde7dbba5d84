/**
 * A small history-API router: pages are matched by path pattern (`/ui/records/:id`), links navigate without a
 * reload, and the server answers every page path with the app (the SPA fallback of src/http/plugins/web-ui.ts).
 * Page paths live under /ui/ so they never meet the API's or a vendor surface's paths.
 */
import { useEffect, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

function snapshot(): string {
  return window.location.pathname + window.location.search;
}

/** The current path with its query string, e.g. `/ui/trigger-logs?page=2`. */
export function useLocation(): string {
  return useSyncExternalStore(subscribe, snapshot);
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  for (const listener of listeners) listener();
  window.scrollTo(0, 0);
}

/** Params of `pattern` in `path` (`/ui/records/:id` vs `/ui/records/abc` → {id: 'abc'}), or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const clean = (path.split('?')[0] ?? '/').replace(/\/+$/, '') || '/';
  if (pattern === '/') return clean === '/' ? {} : null;
  const want = pattern.split('/');
  const got = clean.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? '';
    const g = got[i] ?? '';
    if (w.startsWith(':') && g !== '') params[w.slice(1)] = decodeURIComponent(g);
    else if (w !== g) return null;
  }
  return params;
}

export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string; children: ReactNode }): ReactNode {
  const { to, children, ...rest } = props;
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a {...rest} href={to} onClick={onClick}>{children}</a>;
}

/** Query-string parameters of the current location. */
export function useSearchParams(): URLSearchParams {
  const location = useLocation();
  return new URLSearchParams(location.split('?')[1] ?? '');
}

/** Replaces the query string (keeps the path), dropping empty values. */
export function setSearchParams(values: Record<string, string | number | null | undefined>): void {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== null && value !== undefined && value !== '') params.set(key, String(value));
  }
  const query = params.toString();
  navigate(`${window.location.pathname}${query ? `?${query}` : ''}`, { replace: true });
}

/** Sets the document title for the page being shown. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Capstan`;
  }, [title]);
}
