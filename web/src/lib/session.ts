/**
 * The signed-in session: the API token lives in sessionStorage (this tab only, gone when it closes), never in
 * localStorage or a cookie, and is sent only to this origin's API by the typed client.
 */
import { CapstanClient } from '../../../client/index.ts';

const KEY = 'capstan.token';

export function savedToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null; // storage disabled: sign in again on every load
  }
}

export function saveToken(token: string): void {
  try {
    sessionStorage.setItem(KEY, token);
  } catch {
    // the session still works until the page reloads
  }
}

export function forgetToken(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // nothing was stored
  }
}

export function clientFor(token: string): CapstanClient {
  return new CapstanClient({ baseUrl: window.location.origin, token });
}
