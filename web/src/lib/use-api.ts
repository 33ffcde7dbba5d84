/**
 * Loads data through the typed client for a page: `data` keeps the last good value while a reload or poll runs,
 * `error` holds the client's error as thrown (shown verbatim by ProblemMessage), and `pollMs` refreshes in the
 * background while the page is visible. A 401 signs the session out (the token was revoked or expired).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { CapstanApiError, type CapstanClient } from '../../../client/index.ts';
import { useSession } from './api-context.tsx';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  readonly reload: () => void;
}

export function useApi<T>(load: (client: CapstanClient) => Promise<T>, deps: readonly unknown[], options: { pollMs?: number | null } = {}): Loaded<T> {
  const { client, signOut } = useSession();
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: null, loading: true });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    let cancelled = false;
    setState((s) => ({ ...s, loading: true }));
    loadRef.current(client).then(
      (data) => { if (!cancelled) setState({ data, error: null, loading: false }); },
      (error: unknown) => {
        if (cancelled) return;
        if (error instanceof CapstanApiError && error.status === 401) signOut(`${error.title}: ${error.detail}`);
        setState((s) => ({ data: s.data, error, loading: false }));
      },
    );
    return () => { cancelled = true; };
  }, [client, tick, signOut, ...deps]); // `load` is read through a ref: callers list the values it uses in `deps`

  const pollMs = options.pollMs ?? null;
  useEffect(() => {
    if (pollMs === null) return undefined;
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') setTick((t) => t + 1);
    }, pollMs);
    return () => window.clearInterval(timer);
  }, [pollMs]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

export type ActionResult<R> = { readonly ok: true; readonly value: R } | { readonly ok: false };

/**
 * Runs an action (a create, delete, start) and tracks its error and progress. `run` never rejects: it resolves
 * with `{ok: true, value}`, or `{ok: false}` when the action failed (the error is then in `error`).
 */
export function useAction<A extends unknown[], R>(action: (client: CapstanClient, ...args: A) => Promise<R>): {
  readonly run: (...args: A) => Promise<ActionResult<R>>;
  readonly busy: boolean;
  readonly error: unknown;
  readonly clearError: () => void;
} {
  const { client, signOut } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const actionRef = useRef(action);
  actionRef.current = action;
  const run = useCallback(async (...args: A): Promise<ActionResult<R>> => {
    setBusy(true);
    setError(null);
    try {
      return { ok: true, value: await actionRef.current(client, ...args) };
    } catch (failure) {
      if (failure instanceof CapstanApiError && failure.status === 401) signOut(`${failure.title}: ${failure.detail}`);
      setError(failure);
      return { ok: false };
    } finally {
      setBusy(false);
    }
  }, [client, signOut]);
  const clearError = useCallback(() => setError(null), []);
  return { run, busy, error, clearError };
}
